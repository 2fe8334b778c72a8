using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.Alerts;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;
using StreamAE.Models.Data;
using StreamAE.Testing.Kafka;

namespace StreamAE.Benchmarking.Kafka;

/// <summary>
/// End-to-end benchmark of the Kafka service through a Kafka-protocol broker (the in-process mock cluster unless a
/// bootstrap address is given), with the same pipeline the service runs. Synthetic readings shaped for the model (its
/// channel count, around its training level, with injected spikes) are produced either while the detector runs
/// (concurrent: readings/s from first produce to last reading processed; with a rate, produce→alert latency) or all
/// before it starts (<see cref="Settings.Preload"/>: the consumer side alone, from first message consumed to last
/// processed). A reading counts as processed once windowed or dead-lettered. The run fails fast, saying why, when the
/// detector stops making progress or fails.
/// </summary>
public sealed class KafkaBenchmark(ScoringModel model, Normalization? normalization, ILoggerFactory loggers)
{
    /// <summary>How long without progress before the run is declared stuck.</summary>
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    public sealed record Settings(
        int Readings,
        double Rate,
        int Sensors,
        string? Bootstrap,
        bool Preload = false,
        int Partitions = 4,
        int MaxBatchSize = 64,
        int FetchWaitMaxMs = 5);

    public sealed record Result(
        string Mode,
        long Readings,
        double Seconds,
        double ReadingsPerSecond,
        double WindowsPerSecond,
        int Alerts,
        int LatencySamples,
        double P50Ms,
        double P90Ms,
        double P99Ms,
        double MaxMs,
        double DetectorP50Ms,
        double DetectorP99Ms,
        long DeadLettered,
        long Pauses,
        long Batches,
        double MeanBatch);

    public async Task<Result> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
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
            FetchWaitMaxMs = settings.FetchWaitMaxMs,
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
        var pipelineOptions = new PipelineOptions { MaxBatchSize = settings.MaxBatchSize };
        var badInput = new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), loggers.CreateLogger("StreamAE.BadInput"));
        var windowing = new WindowingOptions { WindowLength = model.Descriptor.WindowLength };
        var pipeline = new DetectionPipeline(windowing, pipelineOptions, new EpisodeOptions { CooldownWindows = 8 }, new ModelSlot(model), badInput, calibration: Environment.GetEnvironmentVariable("XCAL") == "off" ? CalibrationOptions.Off : CalibrationOptions.Default); // as the service runs it
        var runner = new PipelineRunner(pipeline, pipelineOptions, loggers.CreateLogger<PipelineRunner>());
        long Processed() => detector.Counters.Readings + detector.Counters.DeadLettered;

        using var stop = new CancellationTokenSource();
        using var alertsDone = new CancellationTokenSource();
        // Blocking loops get threads of their own, so they never hold up the pool the detector's tasks run on.
        var reader = Task.Factory.StartNew(() => ReadAlerts(options, settings.Partitions, produced, latencies, () => Interlocked.Increment(ref alertsSeen), alertsDone.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Task? running = null;
        Stopwatch clock;

        // The messages are serialised before any clock runs: a real producer is another process, often another machine.
        var messages = Prepare(settings);
        try
        {
            if (settings.Preload)
            {
                await Produce(options, settings, messages, produced, Stopwatch.StartNew(), cancellationToken).ConfigureAwait(false);
                running = Task.Run(() => detector.RunAsync(runner, stop.Token), CancellationToken.None);
                await WaitAsync(() => detector.Counters.Messages > 0, running, detector, settings, "the detector to read its first message").ConfigureAwait(false);
                clock = Stopwatch.StartNew();
            }
            else
            {
                running = Task.Run(() => detector.RunAsync(runner, stop.Token), CancellationToken.None);
                await WaitAsync(() => detector.Counters.Assignments > 0, running, detector, settings, "the detector to join its group").ConfigureAwait(false);
                clock = Stopwatch.StartNew();
                await Produce(options, settings, messages, produced, clock, cancellationToken).ConfigureAwait(false);
            }

            await WaitAsync(() => Processed() >= settings.Readings, running, detector, settings, "every reading to be processed").ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            var windows = pipeline.Counters.WindowsScored;
            await WaitAsync(() => Volatile.Read(ref alertsSeen) >= detector.Counters.Alerts, running, detector, settings, "every alert to arrive").ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await running.ConfigureAwait(false);

            var sorted = latencies.Order().ToArray();
            var atDetector = detectorLatencies.Order().ToArray();
            return new Result(
                settings.Preload ? "preloaded (consumer side only)" : "concurrent (producer in the same process)",
                Processed(),
                seconds,
                Processed() / seconds,
                windows / seconds,
                Volatile.Read(ref alertsSeen),
                sorted.Length,
                Percentile(sorted, 0.50),
                Percentile(sorted, 0.90),
                Percentile(sorted, 0.99),
                sorted.Length > 0 ? sorted[^1] : double.NaN,
                Percentile(atDetector, 0.50),
                Percentile(atDetector, 0.99),
                detector.Counters.DeadLettered,
                detector.Counters.Pauses,
                pipeline.Counters.Batches,
                pipeline.Counters.Batches == 0 ? 0 : (double)pipeline.Counters.WindowsScored / pipeline.Counters.Batches);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (running is not null)
            {
                await running.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }

            await alertsDone.CancelAsync().ConfigureAwait(false);
            await reader.ConfigureAwait(false);
        }
    }

    public static string Format(Settings settings, Result r, double rawAt32, double rawAtBatch) => string.Create(CultureInfo.InvariantCulture, $"""
        Kafka end-to-end benchmark: {r.Mode}; {(settings.Bootstrap is null ? "in-process librdkafka mock cluster" : settings.Bootstrap)}, {settings.Partitions} partitions, {settings.Sensors} sensors, target rate {(settings.Rate > 0 ? $"{settings.Rate:0} readings/s" : "unthrottled")}, batches up to {settings.MaxBatchSize}
          readings processed   {r.Readings} in {r.Seconds:F2} s  =>  {r.ReadingsPerSecond:F0} readings/s, {r.WindowsPerSecond:F0} windows/s scored (batches {r.Batches}, mean size {r.MeanBatch:F1})
          raw limit            {rawAt32:F0} windows/s at batch 32, {rawAtBatch:F0} at batch {settings.MaxBatchSize} (same model, this process, mean of just before and just after)  =>  ratio {r.WindowsPerSecond / rawAt32:F2} of batch 32, {r.WindowsPerSecond / rawAtBatch:F2} of batch {settings.MaxBatchSize}
          alerts received      {r.Alerts} ({r.LatencySamples} latency samples after the warm-up: the first 10% of readings, and every sensor past its window and calibration learning), dead letters {r.DeadLettered}, pauses {r.Pauses}
          produce->alert latency  p50 {r.P50Ms:F1} ms   p90 {r.P90Ms:F1} ms   p99 {r.P99Ms:F1} ms   max {r.MaxMs:F1} ms
          produce->alert handed to the detector's producer  p50 {r.DetectorP50Ms:F1} ms   p99 {r.DetectorP99Ms:F1} ms
        """);

    /// <summary>The producer on a thread of its own (pacing sleeps and spins).</summary>
    private Task Produce(KafkaOptions options, Settings settings, List<(string Sensor, long Ticks, byte[] Value)> messages, ConcurrentDictionary<(string, long), long> produced, Stopwatch clock, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => ProduceAsync(options, settings, messages, produced, clock, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private List<(string Sensor, long Ticks, byte[] Value)> Prepare(Settings settings)
    {
        var serializer = new ReadingProducer.Serializer(new ReadingJsonFormat());
        var start = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var random = new Random(42);
        var messages = new List<(string, long, byte[])>(settings.Readings);
        for (var i = 0; i < settings.Readings; i++)
        {
            var reading = Synthetic(i % settings.Sensors, i / settings.Sensors, model.Descriptor.Channels, start, random);
            messages.Add((reading.SensorId, reading.Timestamp.UtcTicks, serializer.Serialize(reading)));
        }

        return messages;
    }

    private async Task ProduceAsync(KafkaOptions options, Settings settings, List<(string Sensor, long Ticks, byte[] Value)> messages, ConcurrentDictionary<(string, long), long> produced, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var producer = new ReadingProducer(options.BootstrapServers, options.InputTopic);
        for (var i = 0; i < messages.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            if (settings.Rate > 0)
            {
                // Paced: wait until reading i is due; sleep when far ahead, spin the last stretch.
                var due = i / settings.Rate;
                while (clock.Elapsed.TotalSeconds < due)
                {
                    if (due - clock.Elapsed.TotalSeconds > 0.002)
                    {
                        Thread.Sleep(1);
                    }
                    else
                    {
                        Thread.SpinWait(50);
                    }
                }
            }

            var (sensor, ticks, value) = messages[i];
            if (i >= WarmUpReadings(settings, model.Descriptor.WindowLength) && !settings.Preload)
            {
                // Warm-up (JIT, connections, group join, the first alerts' code paths); latency is sampled after it.
                produced[(sensor, ticks)] = Stopwatch.GetTimestamp();
            }

            producer.ProduceRaw(sensor, value);
        }

        await producer.FlushAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
    }

    // Around the model's training level per channel (slow wave plus noise), with a spike every 150 steps per sensor.
    private Reading Synthetic(int sensor, int t, int channels, DateTimeOffset start, Random random)
    {
        var values = new float[channels];
        var spike = (t + (sensor * 37)) % 150 == 75;
        for (var c = 0; c < channels; c++)
        {
            var mean = normalization is { } n && c < n.Channels ? n.Mean[c] : 82f;
            var scale = normalization is { } s && c < s.Channels ? s.Std[c] : 6f;
            var wave = Math.Sin((2 * Math.PI * t / 200.0) + sensor + c);
            var noise = (random.NextDouble() - 0.5) * 0.2;
            values[c] = (float)(mean + (scale * (wave + noise + (spike && c == 0 ? 5 : 0))));
        }

        return new Reading($"bench-{sensor:0000}", start.AddSeconds(t), values);
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

    /// <summary>
    /// Readings before latency is sampled: the first tenth, and at least until every sensor has a full window and has
    /// passed the calibration's learning windows (before that no sensor can alert, so the first alerts, and the one-time
    /// setup of their code paths, would otherwise fall into the measurement).
    /// </summary>
    private static int WarmUpReadings(Settings settings, int windowLength) =>
        Math.Max(settings.Readings / 10, (windowLength + CalibrationOptions.Default.Likelihood.LearningWindows + 10) * settings.Sensors);

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    /// <summary>Waits for a condition; fails fast, saying why, when the detector fails or stops making progress.</summary>
    private static async Task WaitAsync(Func<bool> condition, Task? running, KafkaDetector detector, Settings settings, string what)
    {
        var progress = (detector.Counters.Messages, detector.Counters.Readings, detector.Counters.DeadLettered);
        var lastProgress = Stopwatch.StartNew();
        while (!condition())
        {
            if (running is { IsCompleted: true })
            {
                await running.ConfigureAwait(false); // a failure surfaces with its own message
                throw new InvalidOperationException($"Benchmark: the detector stopped before {what}.");
            }

            var now = (detector.Counters.Messages, detector.Counters.Readings, detector.Counters.DeadLettered);
            if (now != progress)
            {
                progress = now;
                lastProgress.Restart();
            }
            else if (lastProgress.Elapsed > StallTimeout)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"Benchmark: no progress for {StallTimeout.TotalSeconds:0} s while waiting for {what}: {now.Messages} of {settings.Readings} messages read, {now.Readings} readings windowed, {now.DeadLettered} dead-lettered."));
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
