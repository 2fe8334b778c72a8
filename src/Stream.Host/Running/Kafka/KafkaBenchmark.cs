using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Testing.Kafka;
using StreamAE.Core.Alerts;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Host.Running.Kafka;

/// <summary>
/// End-to-end benchmark through a Kafka-protocol broker (the in-process mock cluster unless a bootstrap address is
/// given): synthetic readings with injected spikes are produced at a target rate, the detector consumes, scores and
/// produces alerts, and a separate consumer reads the alerts. Reports readings/s from first produce to last reading
/// processed, and latency from producing the reading that completed an alert's window to receiving that alert.
/// </summary>
public sealed class KafkaBenchmark(ScoringModel model, WindowingOptions windowing, ILoggerFactory loggers)
{
    public sealed record Settings(int Readings, double Rate, int Sensors, string? Bootstrap, int Partitions = 4);

    public sealed record Result(
        int Readings,
        double Seconds,
        double ReadingsPerSecond,
        int Alerts,
        int LatencySamples,
        double P50Ms,
        double P90Ms,
        double P99Ms,
        double MaxMs,
        double DetectorP50Ms,
        double DetectorP99Ms,
        long DeadLettered,
        long Pauses);

    public async Task<Result> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        using var cluster = settings.Bootstrap is null ? new MockKafkaCluster() : null;
        var run = Guid.NewGuid().ToString("N")[..8];
        var options = new KafkaOptions
        {
            BootstrapServers = settings.Bootstrap ?? cluster!.BootstrapServers,
            GroupId = $"bench-{run}",
            InputTopic = $"bench-{run}-readings",
            AlertsTopic = $"bench-{run}-alerts",
            DeadLetterTopic = $"bench-{run}-dead-letters",
            StateTopic = $"bench-{run}-state",
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 1000,
            FetchWaitMaxMs = 5,
            LingerMs = 2,
        };
        if (cluster is not null)
        {
            cluster.SetInitialRebalanceDelay(TimeSpan.Zero);
            cluster.CreateTopic(options.InputTopic, settings.Partitions);
            cluster.CreateTopic(options.AlertsTopic, settings.Partitions);
            cluster.CreateTopic(options.DeadLetterTopic, 1);
            cluster.CreateTopic(options.StateTopic, settings.Partitions);
        }

        var produced = new ConcurrentDictionary<(string Sensor, long Ticks), long>();
        var latencies = new ConcurrentBag<double>();
        var detectorLatencies = new ConcurrentBag<double>();
        var alertsSeen = 0;
        // Where the detector hands an alert to its producer: splits the latency into detection and alert delivery.
        var probe = new CallbackAlertSink(alert =>
        {
            if (produced.TryGetValue((alert.SensorId, alert.WindowEnd.UtcTicks), out var at))
            {
                detectorLatencies.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
            }
        });
        var detector = new KafkaDetector(options, new ReadingJsonFormat(), loggers, probe);
        var pipelineOptions = new PipelineOptions { MaxBatchSize = 256 };
        var badInput = new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), loggers.CreateLogger("StreamAE.BadInput"));
        var pipeline = new DetectionPipeline(windowing, pipelineOptions, new EpisodeOptions { CooldownWindows = 8 }, new ModelSlot(model), badInput);
        var runner = new PipelineRunner(pipeline, pipelineOptions, loggers.CreateLogger<PipelineRunner>());
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => detector.RunAsync(runner, stop.Token), CancellationToken.None);
        using var alertsDone = new CancellationTokenSource();
        var reader = Task.Run(() => ReadAlerts(options, settings.Partitions, produced, latencies, () => Interlocked.Increment(ref alertsSeen), alertsDone.Token), CancellationToken.None);

        await WaitAsync(() => detector.Counters.Assignments > 0 || running.IsCompleted, TimeSpan.FromSeconds(30), "the detector to join its group").ConfigureAwait(false);
        var stopwatch = Stopwatch.StartNew();
        using (var producer = new ReadingProducer(options.BootstrapServers, options.InputTopic))
        {
            var start = DateTimeOffset.UnixEpoch.AddDays(20_000);
            var random = new Random(42);
            for (var i = 0; i < settings.Readings && !cancellationToken.IsCancellationRequested; i++)
            {
                if (settings.Rate > 0)
                {
                    // Paced: wait until reading i is due; sleep when far ahead, spin the last stretch.
                    var due = i / settings.Rate;
                    while (stopwatch.Elapsed.TotalSeconds < due)
                    {
                        var ahead = due - stopwatch.Elapsed.TotalSeconds;
                        if (ahead > 0.002)
                        {
                            Thread.Sleep(1);
                        }
                        else
                        {
                            Thread.SpinWait(50);
                        }
                    }
                }

                var sensor = i % settings.Sensors;
                var t = i / settings.Sensors;
                var reading = Synthetic(sensor, t, start, random);
                if (i >= settings.Readings / 10)
                {
                    // The first tenth warms up (JIT, connections, group join); latency is sampled after it.
                    produced[(reading.SensorId, reading.Timestamp.UtcTicks)] = Stopwatch.GetTimestamp();
                }

                producer.Produce(reading);
            }

            await producer.FlushAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        }

        await WaitAsync(() => detector.Counters.Readings >= settings.Readings || running.IsCompleted, TimeSpan.FromSeconds(300), "every reading to be processed").ConfigureAwait(false);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        await WaitAsync(() => Volatile.Read(ref alertsSeen) >= detector.Counters.Alerts || running.IsCompleted, TimeSpan.FromSeconds(30), "every alert to arrive").ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        await alertsDone.CancelAsync().ConfigureAwait(false);
        await reader.ConfigureAwait(false);

        var sorted = latencies.Order().ToArray();
        var atDetector = detectorLatencies.Order().ToArray();
        return new Result(
            (int)detector.Counters.Readings,
            seconds,
            detector.Counters.Readings / seconds,
            Volatile.Read(ref alertsSeen),
            sorted.Length,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.90),
            Percentile(sorted, 0.99),
            sorted.Length > 0 ? sorted[^1] : double.NaN,
            Percentile(atDetector, 0.50),
            Percentile(atDetector, 0.99),
            detector.Counters.DeadLettered,
            detector.Counters.Pauses);
    }

    public static string Format(Settings settings, Result r) => string.Create(CultureInfo.InvariantCulture, $"""
        Kafka end-to-end benchmark ({(settings.Bootstrap is null ? "in-process librdkafka mock cluster" : settings.Bootstrap)}, {settings.Partitions} partitions, {settings.Sensors} sensors, target rate {(settings.Rate > 0 ? $"{settings.Rate:0} readings/s" : "unthrottled")})
          readings processed   {r.Readings} in {r.Seconds:F2} s  =>  {r.ReadingsPerSecond:F0} readings/s (first produce to last reading processed)
          alerts received      {r.Alerts} ({r.LatencySamples} latency samples after the first 10% of readings as warm-up), dead letters {r.DeadLettered}, pauses {r.Pauses}
          produce->alert latency  p50 {r.P50Ms:F1} ms   p90 {r.P90Ms:F1} ms   p99 {r.P99Ms:F1} ms   max {r.MaxMs:F1} ms
          produce->alert handed to the detector's producer  p50 {r.DetectorP50Ms:F1} ms   p99 {r.DetectorP99Ms:F1} ms
        """);

    // A slow wave plus noise around the sample model's training level, with a spike every 150 steps per sensor.
    private static Reading Synthetic(int sensor, int t, DateTimeOffset start, Random random)
    {
        var wave = 6.0 * Math.Sin((2 * Math.PI * t / 200.0) + sensor);
        var noise = random.NextDouble() - 0.5;
        var spike = (t + (sensor * 37)) % 150 == 75 ? 30.0 : 0.0;
        return new Reading($"bench-{sensor:0000}", start.AddSeconds(t), [(float)(82 + wave + noise + spike)]);
    }

    private static void ReadAlerts(KafkaOptions options, int partitions, ConcurrentDictionary<(string, long), long> produced, ConcurrentBag<double> latencies, Action seen, CancellationToken stop)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId + "-alert-reader",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 5,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(options.AlertsTopic, p, Offset.Beginning)));
        while (!stop.IsCancellationRequested)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(20)) is not { Message: { } message })
            {
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            if (AlertJson.Deserialize(message.Value) is { } alert && produced.TryGetValue((alert.SensorId, alert.WindowEnd.UtcTicks), out var at))
            {
                latencies.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
            }

            seen();
        }
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Benchmark: timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            }

            await Task.Delay(2).ConfigureAwait(false);
        }
    }

    /// <summary>A sink that only calls back (the benchmark's probe at the detector's producer).</summary>
    private sealed class CallbackAlertSink(Action<Alert> onAlert) : IAlertSink
    {
        public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
        {
            onAlert(alert);
            return ValueTask.CompletedTask;
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
