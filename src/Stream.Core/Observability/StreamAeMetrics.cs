using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using StreamAE.Core.Domain;

namespace StreamAE.Core.Observability;

/// <summary>
/// The service's metrics on the "StreamAE" meter (exported by OpenTelemetry to Prometheus and OTLP). Instruments
/// that describe state (sensors tracked, model in use, lag) are observable: they read their value when scraped
/// from the providers the running pipeline registers.
/// </summary>
public sealed class StreamAeMetrics : IDisposable
{
    public const string MeterName = "StreamAE";

    private readonly Counter<long> _readings;
    private readonly Counter<long> _windows;
    private readonly Histogram<double> _scoringSeconds;
    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _alertsOpened;
    private readonly Counter<long> _alertsClosed;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _evicted;
    private readonly Counter<long> _driftEvents;
    private readonly Counter<long> _scoresCapped;
    private readonly Counter<long> _keyMismatches;
    private readonly Counter<long> _clientErrors;
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> _lag = new();
    private Func<int>? _sensorsTracked;
    private Func<ModelDescriptor?>? _modelInUse;
    private Func<IEnumerable<(string ModelVersion, string Statistic, int Sensors)>>? _drift;

    public StreamAeMetrics(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _readings = Meter.CreateCounter<long>("streamae.readings.consumed", "{reading}", "Readings taken from the source into the pipeline.");
        _windows = Meter.CreateCounter<long>("streamae.windows.scored", "{window}", "Windows scored by the model in service.");
        // Explicit buckets: the exporters' defaults (0, 5, 10, 25 … 10000) suit milliseconds, not sub-millisecond seconds or batch sizes.
        _scoringSeconds = Meter.CreateHistogram<double>(
            "streamae.scoring.duration",
            "s",
            "Time to score one batch of windows.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _batchSize = Meter.CreateHistogram<int>(
            "streamae.batch.size",
            "{window}",
            "Windows per scored batch.",
            tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096] });
        _alertsOpened = Meter.CreateCounter<long>("streamae.alerts.opened", "{alert}", "Anomaly episodes opened.");
        _alertsClosed = Meter.CreateCounter<long>("streamae.alerts.closed", "{alert}", "Anomaly episodes closed.");
        _deadLetters = Meter.CreateCounter<long>("streamae.dead_letters", "{message}", "Messages sent to the dead-letter destination, by reason.");
        _skipped = Meter.CreateCounter<long>("streamae.readings.skipped", "{record}", "Input records skipped as bad input, by reason.");
        _reloads = Meter.CreateCounter<long>("streamae.model.reloads", "{reload}", "Model reload attempts, by outcome (ok, rejected).");
        _evicted = Meter.CreateCounter<long>("streamae.sensors.evicted", "{sensor}", "Sensors evicted (least recently seen) to stay under Limits:MaxSensors.");
        _driftEvents = Meter.CreateCounter<long>("streamae.drift.events", "{event}", "Drift reported (once per sensor, test and model version), by model version and test.");
        Meter.CreateObservableGauge("streamae.drift.sensors", ObserveDrift, "{sensor}", "Sensors the model in service no longer fits, by model version and test (score_level, input_range).");
        _scoresCapped = Meter.CreateCounter<long>("streamae.scores.capped", "{window}", "Windows whose score overflowed the model (NaN, infinite or above the cap): scored as the cap and anomalous.");
        _keyMismatches = Meter.CreateCounter<long>("streamae.kafka.key_mismatches", "{message}", "Kafka readings whose message key is not their sensor id (missing or different): one sensor may then spread over partitions.");
        _clientErrors = Meter.CreateCounter<long>("streamae.kafka.client_errors", "{error}", "Errors reported by the Kafka clients, by code (their log lines are rate-limited).");
        Meter.CreateObservableGauge("streamae.sensors.tracked", () => _sensorsTracked?.Invoke() ?? 0, "{sensor}", "Sensors whose windows are tracked now.");
        Meter.CreateObservableGauge("streamae.model.info", ObserveModel, "{model}", "1 for the model in service, tagged with its name, version and kind.");
        Meter.CreateObservableGauge("streamae.consumer.lag", ObserveLag, "{message}", "Consumer lag per partition (high watermark minus position).");
    }

    public Meter Meter { get; }

    public void AddReadings(long count = 1) => _readings.Add(count);

    public void RecordBatch(int windows, TimeSpan scoring, ModelDescriptor model)
    {
        var version = new KeyValuePair<string, object?>("model_version", model.Version);
        _windows.Add(windows, version);
        _batchSize.Record(windows);
        _scoringSeconds.Record(scoring.TotalSeconds, version);
    }

    public void AlertOpened() => _alertsOpened.Add(1);

    public void AlertClosed() => _alertsClosed.Add(1);

    /// <summary>A message that could not be processed went to the dead-letter destination.</summary>
    public void RecordDeadLetter(string reason) => _deadLetters.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void RecordSkipped(string reason) => _skipped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ModelReloaded(ModelDescriptor model) =>
        _reloads.Add(1, new KeyValuePair<string, object?>("outcome", "ok"), new KeyValuePair<string, object?>("model_version", model.Version));

    public void ModelRejected() => _reloads.Add(1, new KeyValuePair<string, object?>("outcome", "rejected"));

    public void SensorEvicted() => _evicted.Add(1);

    /// <summary>The drift checks found that <paramref name="model"/> no longer fits a sensor.</summary>
    public void DriftReported(ModelDescriptor model, string statistic) =>
        _driftEvents.Add(1, new KeyValuePair<string, object?>("model_version", model.Version), new KeyValuePair<string, object?>("statistic", statistic));

    /// <summary>A window's score overflowed and was capped (see <see cref="Scoring.ScoreGuard"/>).</summary>
    public void ScoreCapped(ModelDescriptor model) => _scoresCapped.Add(1, new KeyValuePair<string, object?>("model_version", model.Version));

    /// <summary>A Kafka reading whose key is not its sensor id.</summary>
    public void KeyMismatch(string kind) => _keyMismatches.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>An error a Kafka client reported (counted every time, logged rate-limited).</summary>
    public void ClientError(string code) => _clientErrors.Add(1, new KeyValuePair<string, object?>("code", code));

    /// <summary>Reports a partition's consumer lag (kept until the partition is forgotten).</summary>
    public void ReportConsumerLag(string topic, int partition, long lag) => _lag[(topic, partition)] = lag;

    public void ForgetPartition(string topic, int partition) => _lag.TryRemove((topic, partition), out _);

    /// <summary>Where the sensors-tracked gauge reads its value (the running pipeline's window assembler).</summary>
    public void ObserveSensorsTracked(Func<int> tracked) => _sensorsTracked = tracked;

    /// <summary>Where the model-in-use gauge reads the model in service.</summary>
    public void ObserveModelInUse(Func<ModelDescriptor?> model) => _modelInUse = model;

    /// <summary>Where the drift gauge reads the sensors in drift (the running drift monitor's status).</summary>
    public void ObserveDrift(Func<IEnumerable<(string ModelVersion, string Statistic, int Sensors)>> drift) => _drift = drift;

    public void Dispose() => Meter.Dispose();

    private IEnumerable<Measurement<int>> ObserveModel()
    {
        if (_modelInUse?.Invoke() is not { } model)
        {
            yield break;
        }

        yield return new Measurement<int>(
            1,
            new TagList { { "model_name", model.Name }, { "model_version", model.Version }, { "model_kind", model.Kind } });
    }

    private IEnumerable<Measurement<int>> ObserveDrift() =>
        (_drift?.Invoke() ?? []).Select(d => new Measurement<int>(d.Sensors, new TagList { { "model_version", d.ModelVersion }, { "statistic", d.Statistic } }));

    private IEnumerable<Measurement<long>> ObserveLag() =>
        _lag.Select(kv => new Measurement<long>(kv.Value, new TagList { { "topic", kv.Key.Topic }, { "partition", kv.Key.Partition } }));
}
