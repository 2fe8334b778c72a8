using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Connectors.Json;
using StreamAE.Core.Alerts;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// The always-on Kafka detector: a consumer-group member reading readings from the input topic and producing alerts,
/// dead letters and checkpoints, at-least-once. <see cref="RunAsync"/> runs until its token is cancelled, then shuts
/// down in order: stop polling, drain the queued messages, produce and flush alerts, commit, close the consumer
/// with a timeout.
/// </summary>
public sealed partial class KafkaDetector(
    KafkaOptions options,
    ReadingJsonFormat format,
    WindowingOptions windowing,
    PipelineOptions pipeline,
    EpisodeOptions episodes,
    ModelSlot models,
    ILoggerFactory loggers,
    IAlertSink? mirror = null)
{
    private readonly ILogger _logger = loggers.CreateLogger<KafkaDetector>();
    private volatile KafkaDetectionLoop? _loop;

    public KafkaCounters Counters { get; } = new();

    /// <summary>Called on the detection loop with each alert as it is produced.</summary>
    public Action<Alert>? OnAlert { get; init; }

    /// <summary>Metrics, health, limits and recent windows from the host; defaults to none (limits at their defaults).</summary>
    public KafkaServiceHooks Hooks { get; init; } = new();

    /// <summary>Sensors whose window state this instance holds now (approximate, read from another thread).</summary>
    public int TrackedSensors => _loop?.TrackedSensors ?? 0;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var producerErrors = new KafkaClientErrorLog("producer", _logger, Hooks.Metrics);
        using var producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(options))
            .SetErrorHandler((_, error) => producerErrors.Report(error))
            .SetLogHandler((_, message) => LogLibrdkafka(_logger, message.Facility, message.Message))
            .Build();
        var deliveries = new DeliveryTracker();
        var sink = new KafkaAlertSink(producer, options.AlertsTopic, deliveries, options.DeliveryTimeout, Counters);
        var deadLetters = new DeadLetterPublisher(producer, options.DeadLetterTopic, deliveries, Counters, KafkaMessageLimits.MessageMaxBytes(options) ?? KafkaMessageLimits.LibrdkafkaDefaultMessageMaxBytes);
        var checkpoints = new CheckpointStore(producer, options, deliveries, loggers.CreateLogger<CheckpointStore>());

        using var poll = new KafkaPollLoop(options, format, Counters, loggers.CreateLogger<KafkaPollLoop>(), Hooks);
        var loop = new KafkaDetectionLoop(options, windowing, pipeline, episodes, models, sink, deadLetters, checkpoints, poll.Commit, Counters, loggers.CreateLogger<KafkaDetectionLoop>(), mirror: mirror, hooks: Hooks)
        {
            OnAlert = OnAlert,
        };
        _loop = loop;
        LogStarting(_logger, options.InputTopic, options.GroupId, options.BootstrapServers);
        poll.Start();
        var detection = Task.Run(() => loop.RunAsync(poll.Output), CancellationToken.None);

        // Run until asked to stop or until the detection loop fails (e.g. alerts not deliverable).
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (stoppingToken.Register(() => stopped.TrySetResult()).ConfigureAwait(false))
        {
            await Task.WhenAny(stopped.Task, detection).ConfigureAwait(false);
        }

        LogStopping(_logger);
        await Task.Run(detection.IsFaulted ? poll.Abort : poll.Stop, CancellationToken.None).ConfigureAwait(false);
        try
        {
            await detection.ConfigureAwait(false);
        }
        finally
        {
            await Task.Run(() => poll.Close(options.CloseTimeout), CancellationToken.None).ConfigureAwait(false);
            _loop = null;
        }

        if (poll.Failure is { } failure)
        {
            throw new KafkaException(new Error(ErrorCode.Local_Fatal, $"The Kafka consumer failed: {failure.Message}"));
        }

        LogStopped(_logger, Counters.Readings, Counters.Alerts, Counters.DeadLettered, Counters.Commits);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Topic} as group {Group} from {Servers}")]
    private static partial void LogStarting(ILogger logger, string topic, string group, string servers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: draining queued messages, flushing alerts, committing")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped after {Readings} readings, {Alerts} alerts, {DeadLetters} dead letters, {Commits} commits")]
    private static partial void LogStopped(ILogger logger, long readings, long alerts, long deadLetters, long commits);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
    private static partial void LogLibrdkafka(ILogger logger, string facility, string message);
}
