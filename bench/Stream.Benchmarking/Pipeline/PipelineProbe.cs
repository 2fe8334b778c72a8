using System.Diagnostics;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Core.Alerts;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Benchmarking.Pipeline;

/// <summary>
/// The whole pipeline on prepared readings. <see cref="Throughput"/>: source → bounded channel → windows → batches →
/// scorer → threshold → episodes → sink, as <see cref="PipelineRunner"/> runs it in production. <see cref="Latency"/>:
/// per window, from the moment its last reading enters the Rx chain to the moment its batch is scored (batch forming
/// plus scoring), with readings pushed as fast as the pipeline takes them.
/// </summary>
public static class PipelineProbe
{
    public static ThroughputResult Throughput(ScoringModel model, IReadOnlyList<Reading> readings, int batchSize)
    {
        var (pipeline, options) = Create(model, batchSize, null);
        var runner = new PipelineRunner(pipeline, options, NullLogger<PipelineRunner>.Instance);
        var sink = new CountingAlertSink();
        var clock = Stopwatch.StartNew();
        runner.RunAsync(new ArrayReadingSource(readings), sink, null, CancellationToken.None).GetAwaiter().GetResult();
        return new ThroughputResult($"pipeline ({model.Descriptor.Kind})", batchSize, pipeline.Counters.Windows, clock.Elapsed.TotalSeconds);
    }

    public static ThroughputResult Latency(ScoringModel model, IReadOnlyList<Reading> readings, int batchSize)
    {
        var (pipeline, _) = Create(model, batchSize, new HistoricalScheduler());
        var pushed = new long[readings.Count];
        var latencies = new List<double>(readings.Count);
        var ticksToMicroseconds = 1e6 / Stopwatch.Frequency;
        using var input = new Subject<Reading>();
        using (pipeline.Build(input, batch =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var s in batch.Scores)
            {
                latencies.Add((now - pushed[(int)s.Window.LastPosition!.Value.Offset]) * ticksToMicroseconds);
            }
        }).Subscribe(_ => { }))
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < readings.Count; i++)
            {
                pushed[(int)readings[i].Position!.Value.Offset] = Stopwatch.GetTimestamp();
                input.OnNext(readings[i]);
            }

            input.OnCompleted();
            latencies.Sort();
            return new ThroughputResult(
                $"pipeline latency ({model.Descriptor.Kind})",
                batchSize,
                latencies.Count,
                clock.Elapsed.TotalSeconds,
                Percentile(latencies, 0.50),
                Percentile(latencies, 0.99));
        }
    }

    private static (DetectionPipeline Pipeline, PipelineOptions Options) Create(ScoringModel model, int batchSize, IScheduler? scheduler)
    {
        var options = new PipelineOptions { MaxBatchSize = batchSize, MaxBatchWait = TimeSpan.FromMilliseconds(50), ChannelCapacity = 10_000 };
        var pipeline = new DetectionPipeline(
            new WindowingOptions { WindowLength = model.Descriptor.WindowLength, Hop = 1 },
            options,
            new EpisodeOptions(),
            new ModelSlot(model),
            new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), NullLogger.Instance),
            scheduler,
            calibration: CalibrationOptions.Default); // as the host runs it
        return (pipeline, options);
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
