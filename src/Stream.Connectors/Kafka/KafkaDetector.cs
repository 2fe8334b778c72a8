using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Sinks;
using StreamAE.Core.Health;
using StreamAE.Core.IO;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// The always-on Kafka detector: a consumer-group member whose readings go through the same pipeline as a file replay
/// (<see cref="PipelineRunner"/>), producing alerts, dead letters and checkpoints, at-least-once. What is Kafka's own
/// lives here: the poll loop (<see cref="KafkaReadingSource"/>), the alert producer, dead letters, checkpoints and the
/// offset ledger. <see cref="RunAsync"/> runs until its token is cancelled, then shuts down in order: stop polling,
/// score what is queued, produce and flush alerts, checkpoint and commit, close the consumer with a timeout.
/// </summary>
public sealed partial class KafkaDetector(KafkaOptions options, ReadingJsonFormat format, ILoggerFactory loggers, IAlertSink? mirror = null)
{
    private readonly ILogger _logger = loggers.CreateLogger<KafkaDetector>();
    private DetectionPipeline? _pipeline;

    public KafkaCounters Counters { get; } = new();

    /// <summary>Metrics, when the host exports them (consumer lag, dead letters).</summary>
    public StreamAeMetrics? Metrics { get; init; }

    /// <summary>Called with every scored batch, as the file runner's onScored (the drift monitor).</summary>
    public Action<ScoredBatch>? OnScored { get; init; }

    /// <summary>Sensors whose window state this instance holds now (read from another thread).</summary>
    public int TrackedSensors => _pipeline?.Assembler.TrackedSensors ?? 0;

    /// <summary>Runs the service through <paramref name="runner"/>'s pipeline until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(PipelineRunner runner, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var pipeline = runner.Pipeline;
        _pipeline = pipeline;
        SerializerWarmUp.Run();
        Counters.Track(pipeline.Counters, pipeline.BadInput.Counters);
        var producerErrors = new KafkaClientErrorLog("producer", _logger, Metrics);
        using var producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(options))
            .SetErrorHandler((_, error) => producerErrors.Report(error))
            .SetLogHandler((_, message) => LogLibrdkafka(_logger, message.Facility, message.Message))
            .Build();
        var deliveries = new DeliveryTracker();
        var ledger = new OffsetLedger();
        var checkpoints = new CheckpointStore(producer, options, deliveries, loggers.CreateLogger<CheckpointStore>());
        KafkaReadingSource? source = null;
        await using var committer = new OffsetCommitter(ledger, checkpoints, deliveries, offsets => source!.Commit(offsets), options, Counters, _logger);
        var session = new KafkaSession(options, producer, ledger, checkpoints, committer, deliveries, Counters, _logger);
        using (source = new KafkaReadingSource(options, format, session, pipeline.Limits, loggers.CreateLogger<KafkaReadingSource>(), runner.SourceStatus, Metrics))
        {
            var alerts = new KafkaAlertSink(producer, options.AlertsTopic, deliveries, options.DeliveryTimeout, Counters, ledger);
            var sink = mirror is null ? (IAlertSink)alerts : new CompositeAlertSink([alerts, mirror]);
            var deadLetters = new DeadLetterRouter(new DeadLetterPublisher(producer, options.DeadLetterTopic, deliveries, Counters, KafkaMessageLimits.MessageMaxBytes(options) ?? KafkaMessageLimits.LibrdkafkaDefaultMessageMaxBytes), ledger, Counters, Metrics);
            Action<string> release = ledger.Release;
            pipeline.BadInput.Forward = deadLetters;
            pipeline.Assembler.SensorEvicted += release;

            // A delivery the broker refuses for good stops the service before any offset moves past it.
            deliveries.Failed += source.Stop;
            LogStarting(_logger, options.InputTopic, options.GroupId, options.BootstrapServers);
            try
            {
                await using (stoppingToken.Register(source.Stop).ConfigureAwait(false))
                {
                    await runner.RunAsync(source, sink, OnScored, CancellationToken.None).ConfigureAwait(false);
                }
            }
            finally
            {
                pipeline.BadInput.Forward = null;
                pipeline.Assembler.SensorEvicted -= release;
            }
        }

        if (deliveries.Failure is { } failure)
        {
            throw failure;
        }

        LogStopped(_logger, Counters.Readings, Counters.Alerts, Counters.DeadLettered, Counters.Commits);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Topic} as group {Group} from {Servers}")]
    private static partial void LogStarting(ILogger logger, string topic, string group, string servers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped after {Readings} readings, {Alerts} alerts, {DeadLetters} dead letters, {Commits} commits")]
    private static partial void LogStopped(ILogger logger, long readings, long alerts, long deadLetters, long commits);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
    private static partial void LogLibrdkafka(ILogger logger, string facility, string message);
}
