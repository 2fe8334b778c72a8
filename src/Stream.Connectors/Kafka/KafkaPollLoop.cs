using System.Text;
using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Connectors.Json;
using StreamAE.Core.Domain;

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
    private volatile bool _stopping;
    private volatile bool _closing;
    private bool _paused;
    private Exception? _failure;

    public KafkaPollLoop(KafkaOptions options, ReadingJsonFormat format, KafkaCounters counters, ILogger logger)
    {
        _options = options;
        _parser = new ReadingJsonParser(format);
        _counters = counters;
        _logger = logger;
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
            .SetErrorHandler((_, error) => LogClientError(_logger, error.Code, error.Reason, error.IsFatal))
            .SetLogHandler((_, message) => LogLibrdkafka(_logger, message.Facility, message.Message))
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
        var key = message.Key is { Length: > 0 } k ? Encoding.UTF8.GetString(k) : null;
        var parsed = _parser.Parse(value, key);
        var reading = parsed.Reading is { } r ? r with { Position = new SourcePosition(source.Topic, source.Partition.Value, source.Offset.Value) } : null;
        return new InboundMessage(source, message.Key, value, reading, parsed.Reason, parsed.Error, DateTime.UtcNow.Ticks);
    }

    private void Write(KafkaInbound item)
    {
        if (!_channel.Writer.TryWrite(item))
        {
            // Full even though paused (messages fetched before the pause): wait for the detection loop to make room.
            _channel.Writer.WriteAsync(item).AsTask().GetAwaiter().GetResult();
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
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        if (_closing || partitions.Count == 0)
        {
            return;
        }

        // Finish and commit the revoked partitions before the group hands them to another instance.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Write(new PartitionsRevoked(partitions.Select(p => p.TopicPartition).ToList(), done));
        if (!done.Task.Wait(_options.DeliveryTimeout))
        {
            LogRevokeTimedOut(_logger, _options.DeliveryTimeout.TotalSeconds);
        }
    }

    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        if (_closing || partitions.Count == 0)
        {
            return;
        }

        Write(new PartitionsLost(partitions.Select(p => p.TopicPartition).ToList()));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka client error {Code}: {Reason} (fatal: {Fatal})")]
    private static partial void LogClientError(ILogger logger, ErrorCode code, string reason, bool fatal);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Facility}: {Message}")]
    private static partial void LogLibrdkafka(ILogger logger, string facility, string message);

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
