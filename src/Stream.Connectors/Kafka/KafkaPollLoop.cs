using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Connectors.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// The consumer side, on its own thread: polls the group consumer, parses each message (so the detection loop only
/// windows and scores) and writes it to a bounded channel. When the channel fills past <see cref="KafkaOptions.PauseAt"/>
/// it pauses its partitions but keeps polling (heartbeats, rebalances), and resumes them at <see cref="KafkaOptions.ResumeAt"/>.
/// Rebalance callbacks become items in the same channel, so they are handled after every earlier message.
/// </summary>
public sealed partial class KafkaPollLoop : IDisposable
{
    private readonly KafkaOptions _options;
    private readonly ReadingJsonParser _parser;
    private readonly Channel<KafkaInbound> _channel;
    private readonly KafkaCounters _counters;
    private readonly ILogger _logger;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _abort = new();
    private readonly KafkaServiceHooks _hooks;
    private readonly HashSet<TopicPartition> _assigned = [];
    private readonly HashSet<TopicPartition> _lagReported = [];
    private readonly MessageKeyCheck _keys;
    private readonly KafkaClientErrorLog _clientErrors;
    private volatile bool _stopping;
    private volatile bool _closing;
    private bool _paused;
    private Exception? _failure;

    public KafkaPollLoop(KafkaOptions options, ReadingJsonFormat format, KafkaCounters counters, ILogger logger, KafkaServiceHooks? hooks = null)
    {
        _hooks = hooks ?? new KafkaServiceHooks();
        _hooks.Status?.UsePartitions();
        _options = options;
        _parser = new ReadingJsonParser(format);
        _counters = counters;
        _logger = logger;
        _keys = new MessageKeyCheck(logger, _hooks.Metrics);
        _clientErrors = new KafkaClientErrorLog("consumer", logger, _hooks.Metrics);
        _channel = Channel.CreateBounded<KafkaInbound>(new BoundedChannelOptions(options.ChannelCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfigs.Consumer(options))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
            .SetErrorHandler((_, error) => _clientErrors.Report(error))
            .SetLogHandler((_, message) => LogLibrdkafka(_logger, message.Facility, message.Message))
            .SetStatisticsHandler((_, json) => OnStatistics(json))
            .Build();
        _thread = new Thread(Run) { IsBackground = true, Name = "kafka-poll" };
    }

    public ChannelReader<KafkaInbound> Output => _channel.Reader;

    /// <summary>Why the poll thread stopped on its own (a fatal consumer error), or null.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    public void Start() => _thread.Start();

    /// <summary>Commits offsets; librdkafka allows this from the detection loop while the poll thread polls.</summary>
    public void Commit(IReadOnlyList<TopicPartitionOffset> offsets) => _consumer.Commit(offsets);

    /// <summary>Stops polling and completes the channel (the detection loop then drains); returns when the thread has ended.</summary>
    public void Stop()
    {
        _stopping = true;
        _thread.Join();
    }

    /// <summary>The detection loop is gone: stop waiting for it (channel room, revoke acknowledgements), then stop.</summary>
    public void Abort()
    {
        _abort.Cancel();
        Stop();
    }

    /// <summary>Leaves the group after the final commit. Close can hang on an unreachable broker, so it gets a deadline.</summary>
    public bool Close(TimeSpan timeout)
    {
        _closing = true;
        var close = Task.Run(() => _consumer.Close());
        try
        {
            if (close.Wait(timeout))
            {
                return true;
            }
        }
        catch (AggregateException ex)
        {
            LogCloseFailed(_logger, ex.InnerException?.Message ?? ex.Message);
            return false;
        }

        LogCloseTimedOut(_logger, timeout.TotalSeconds);
        return false;
    }

    public void Dispose()
    {
        if (!_closing)
        {
            _closing = true;
        }

        _consumer.Dispose();
        _abort.Dispose();
    }

    private void Run()
    {
        try
        {
            _consumer.Subscribe(_options.InputTopic);
            while (!_stopping)
            {
                ConsumeResult<byte[], byte[]>? result;
                try
                {
                    result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    LogConsumeError(_logger, ex.Error.Reason);
                    continue;
                }

                if (result?.Message is { } message)
                {
                    Write(ToInbound(result.TopicPartitionOffset, message));
                }

                ApplyBackpressure();
            }
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _failure, ex);
            LogPollFailed(_logger, ex);
        }
        finally
        {
            _channel.Writer.TryComplete();
        }
    }

    private InboundMessage ToInbound(TopicPartitionOffset source, Message<byte[], byte[]> message)
    {
        var value = message.Value ?? [];
        if (value.Length > _hooks.Limits.MaxMessageBytes)
        {
            // Not parsed at all: a huge message must not cost a huge parse. Its bytes go to the dead-letter topic as they are.
            return new InboundMessage(source, message.Key, value, null, SkipReason.TooLarge, $"message of {value.Length} bytes is over Limits:MaxMessageBytes ({_hooks.Limits.MaxMessageBytes})", DateTime.UtcNow.Ticks);
        }

        var key = message.Key is { Length: > 0 } k ? Encoding.UTF8.GetString(k) : null;
        var parsed = _parser.Parse(value, key);
        var reading = parsed.Reading is { } r ? r with { Position = new SourcePosition(source.Topic, source.Partition.Value, source.Offset.Value) } : null;
        if (reading is not null)
        {
            _keys.Check(key, reading, source);
        }

        return new InboundMessage(source, message.Key, value, reading, parsed.Reason, parsed.Error, DateTime.UtcNow.Ticks);
    }

    private void Write(KafkaInbound item)
    {
        if (!_channel.Writer.TryWrite(item))
        {
            // Full even though paused (messages fetched before the pause): wait for the detection loop to make room.
            try
            {
                _channel.Writer.WriteAsync(item, _abort.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // Aborted: nobody reads any more; the message stays uncommitted and is replayed.
            }
        }
    }

    private void ApplyBackpressure()
    {
        var queued = _channel.Reader.Count;
        if (!_paused && queued >= _options.PauseAt)
        {
            _consumer.Pause(_consumer.Assignment);
            _paused = true;
            _counters.AddPause();
        }
        else if (_paused && queued <= _options.ResumeAt)
        {
            _consumer.Resume(_consumer.Assignment);
            _paused = false;
        }
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        if (_closing || partitions.Count == 0)
        {
            return;
        }

        if (_paused)
        {
            _consumer.Pause(partitions);
        }

        Write(new PartitionsAssigned(partitions));
        _assigned.UnionWith(partitions);
        ReportAssignment();
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        if (_closing || partitions.Count == 0)
        {
            return;
        }

        // Finish and commit the revoked partitions before the group hands them to another instance.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _assigned.ExceptWith(partitions.Select(p => p.TopicPartition));
        ReportAssignment();
        Write(new PartitionsRevoked(partitions.Select(p => p.TopicPartition).ToList(), done));
        try
        {
            if (done.Task.Wait(_options.DeliveryTimeout, _abort.Token))
            {
                return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or AggregateException)
        {
            // The detection loop failed or was aborted: the revoked partitions stay uncommitted and are replayed.
            return;
        }

        LogRevokeTimedOut(_logger, _options.DeliveryTimeout.TotalSeconds);
    }

    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        if (_closing || partitions.Count == 0)
        {
            return;
        }

        _assigned.ExceptWith(partitions.Select(p => p.TopicPartition));
        ReportAssignment();
        Write(new PartitionsLost(partitions.Select(p => p.TopicPartition).ToList()));
    }

    private void ReportAssignment()
    {
        _hooks.Status?.SetAssignment(_assigned.Select(p => (p.Topic, p.Partition.Value)).ToArray());
        foreach (var gone in _lagReported.Except(_assigned).ToArray())
        {
            _hooks.Metrics?.ForgetPartition(gone.Topic, gone.Partition.Value);
            _lagReported.Remove(gone);
        }
    }

    /// <summary>librdkafka statistics (on the poll thread): the consumer lag of each assigned partition, for readiness and metrics.</summary>
    private void OnStatistics(string json)
    {
        if (_hooks.Status is null && _hooks.Metrics is null)
        {
            return;
        }

        try
        {
            using var stats = JsonDocument.Parse(json);
            if (!stats.RootElement.TryGetProperty("topics", out var topics))
            {
                return;
            }

            foreach (var topic in topics.EnumerateObject())
            {
                if (!topic.Value.TryGetProperty("partitions", out var partitions))
                {
                    continue;
                }

                foreach (var partition in partitions.EnumerateObject())
                {
                    if (!int.TryParse(partition.Name, out var id) || id < 0
                        || !partition.Value.TryGetProperty("consumer_lag", out var lagElement) || !lagElement.TryGetInt64(out var lag) || lag < 0)
                    {
                        continue; // -1: the internal "unassigned" partition, or lag not known yet
                    }

                    var tp = new TopicPartition(topic.Name, id);
                    if (!_assigned.Contains(tp))
                    {
                        continue;
                    }

                    _lagReported.Add(tp);
                    _hooks.Status?.ReportLag(topic.Name, id, lag);
                    _hooks.Metrics?.ReportConsumerLag(topic.Name, id, lag);
                }
            }
        }
        catch (JsonException ex)
        {
            LogStatisticsUnreadable(_logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
    private static partial void LogLibrdkafka(ILogger logger, string facility, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka statistics unreadable: {Problem}")]
    private static partial void LogStatisticsUnreadable(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consume error: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Kafka poll loop failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoked partitions not finished within {Seconds} s; the next owner replays from the last commit")]
    private static partial void LogRevokeTimedOut(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer close failed: {Reason}")]
    private static partial void LogCloseFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer close did not finish within {Seconds} s (broker unreachable?); leaving the group by session timeout")]
    private static partial void LogCloseTimedOut(ILogger logger, double seconds);
}
