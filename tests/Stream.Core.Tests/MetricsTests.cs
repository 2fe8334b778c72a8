using System.Diagnostics.Metrics;
using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Core.Alerts;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests;

/// <summary>The pipeline's metrics as a listener sees them (only this test's meter instance is listened to).</summary>
public class MetricsTests
{
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, double> _sums = [];
        private readonly List<(string Name, double Value, Dictionary<string, object?> Tags)> _measurements = [];

        public Recorder(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i.Name, v, tags));
            _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i.Name, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i.Name, v, tags));
            _listener.Start();
        }

        public double Sum(string name)
        {
            lock (_sums)
            {
                return _sums.GetValueOrDefault(name);
            }
        }

        public IReadOnlyList<(string Name, double Value, Dictionary<string, object?> Tags)> Observe()
        {
            lock (_sums)
            {
                _measurements.Clear();
            }

            _listener.RecordObservableInstruments();
            lock (_sums)
            {
                return [.. _measurements];
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Record(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var tagMap = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                tagMap[tag.Key] = tag.Value;
            }

            lock (_sums)
            {
                _sums[name] = _sums.GetValueOrDefault(name) + value;
                _measurements.Add((name, value, tagMap));
            }
        }
    }

    [Fact]
    public void Readings_windows_batches_alerts_evictions_and_skips_are_counted()
    {
        using var metrics = new StreamAeMetrics();
        using var recorder = new Recorder(metrics.Meter);
        var scheduler = new HistoricalScheduler();
        var ingest = new IngestCounters();
        var slot = new ModelSlot(new ScoringModel(new MaxAbsScorer(TestData.Model(2)), new AnomalyThreshold(10)));
        var pipeline = new DetectionPipeline(
            new WindowingOptions { WindowLength = 2 },
            new PipelineOptions { MaxBatchSize = 2, MaxBatchWait = TimeSpan.FromSeconds(1) },
            new EpisodeOptions { CooldownWindows = 1 },
            slot,
            new BadInputHandler(BadInputPolicy.Skip, ingest, NullLogger.Instance),
            scheduler,
            new InputLimits { MaxSensors = 2, MaxChannels = 2 },
            metrics);
        metrics.ObserveModelInUse(() => slot.Current.Descriptor);
        var input = new Subject<Reading>();
        var alerts = new List<Alert>();
        using var _ = pipeline.Build(input).Subscribe(alerts.Add);

        input.OnNext(TestData.Reading("a", 0));
        input.OnNext(TestData.Reading("a", 1, 50)); // window [0, 50]: anomalous, opens
        input.OnNext(TestData.Reading("a", 2));     // window [50, 2]: still anomalous
        input.OnNext(TestData.Reading("a", 3));     // window [2, 3]: normal, closes (cool-down 1)
        scheduler.AdvanceBy(TimeSpan.FromSeconds(2)); // scored before a is evicted (eviction forgets its episode)
        input.OnNext(TestData.Reading("b", 0));
        input.OnNext(TestData.Reading("c", 0));     // third sensor: evicts the least recently seen (a)
        input.OnNext(TestData.Reading("d", 0, 1, 2, 3)); // 3 channels > Limits:MaxChannels 2
        scheduler.AdvanceBy(TimeSpan.FromSeconds(2));

        Assert.Equal(7, recorder.Sum("streamae.readings.consumed"));
        Assert.Equal(3, recorder.Sum("streamae.windows.scored"));
        Assert.Equal(1, recorder.Sum("streamae.alerts.opened"));
        Assert.Equal(1, recorder.Sum("streamae.alerts.closed"));
        Assert.Equal(1, recorder.Sum("streamae.sensors.evicted"));
        Assert.Equal(3, recorder.Sum("streamae.batch.size"));
        Assert.Equal(1, ingest[SkipReason.TooLarge]);
        Assert.True(recorder.Sum("streamae.scoring.duration") >= 0);

        var observed = recorder.Observe();
        Assert.Contains(observed, m => m.Name == "streamae.sensors.tracked" && m.Value == 2);
        Assert.Contains(observed, m => m.Name == "streamae.model.info" && (string?)m.Tags["model_version"] == "v1");
    }

    [Fact]
    public void Dead_letters_reloads_and_lag_carry_their_tags()
    {
        using var metrics = new StreamAeMetrics();
        using var recorder = new Recorder(metrics.Meter);
        metrics.RecordDeadLetter("malformed");
        metrics.ModelRejected();
        metrics.ModelReloaded(TestData.Model() with { Version = "v2" });
        metrics.ReportConsumerLag("readings", 0, 42);
        metrics.ReportConsumerLag("readings", 1, 7);
        metrics.ForgetPartition("readings", 1);

        Assert.Equal(1, recorder.Sum("streamae.dead_letters"));
        Assert.Equal(2, recorder.Sum("streamae.model.reloads"));
        var lag = recorder.Observe().Where(m => m.Name == "streamae.consumer.lag").ToList();
        var single = Assert.Single(lag);
        Assert.Equal(42, single.Value);
        Assert.Equal(0, single.Tags["partition"]);
    }
}
