using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka.Commands;
using StreamAE.Core.Domain;
using StreamAE.Core.Health;
using StreamAE.Core.IO;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// The input topic as a pipeline source, on its own poll thread: polls the group consumer, parses each message (so the
/// pipeline's thread only windows and scores) and writes it to the pipeline's bounded input — a reading, or a rejected
/// record carrying the original bytes for the dead-letter topic. When the input is full the poll thread waits for room
/// (librdkafka's bounded prefetch then stops fetching: backpressure without a refetch); when it has waited
/// <see cref="KafkaOptions.PauseAfter"/> it pauses its partitions and keeps polling, so rebalances are served while the
/// pipeline is stalled, and resumes once there is room. Rebalances and, every <see cref="KafkaOptions.CommitInterval"/>, commit
/// points go into the same input as commands, so each runs after every earlier message. <see cref="Stop"/> ends it
/// gracefully: stop polling, let the pipeline finish and commit, leave the group.
/// </summary>
public sealed partial class KafkaReadingSource : IPipelineSource, IDisposable
{
    private readonly KafkaOptions _options;
    private readonly ReadingJsonParser _parser;
    private readonly KafkaSession _session;
    private readonly InputLimits _limits;
    private readonly ILogger _logger;
    private readonly SourceStatus? _status;
    private readonly StreamAeMetrics? _metrics;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly HashSet<TopicPartition> _assigned = [];
    private readonly HashSet<TopicPartition> _lagReported = [];
    private readonly Dictionary<TopicPartition, long> _nextOffsets = [];
    private readonly Queue<SourceItem> _held = new();
    private readonly MessageKeyCheck _keys;
    private readonly KafkaClientErrorLog _clientErrors;
    private readonly TimeProvider _time;
    private IPipelineInput? _input;
    private CancellationToken _abort;
    private volatile bool _stopping;
    private bool _paused;
    private bool _closed;

    public KafkaReadingSource(KafkaOptions options, ReadingJsonFormat format, KafkaSession session, InputLimits limits, ILogger logger, SourceStatus? status = null, StreamAeMetrics? metrics = null, TimeProvider? time = null)
    {
        _options = options;
        _parser = new ReadingJsonParser(format);
        _session = session;
        _limits = limits;
        _logger = logger;
        _status = status;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
        _status?.UsePartitions();
        _keys = new MessageKeyCheck(logger, metrics);
        _clientErrors = new KafkaClientErrorLog("consumer", logger, metrics);
        _consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfigs.Consumer(options))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
            .SetErrorHandler((_, error) => _clientErrors.Report(error))
            .SetLogHandler((_, message) => LogLibrdkafka(_logger, message.Facility, message.Message))
            .SetStatisticsHandler((_, json) => OnStatistics(json))
            .Build();
    }

    public string Name => $"kafka {_options.InputTopic}";

    /// <summary>Commits offsets; librdkafka allows this from another thread while the poll thread polls.</summary>
    public void Commit(IReadOnlyList<TopicPartitionOffset> offsets) => _consumer.Commit(offsets);

    /// <summary>Asks the poll thread to stop; the source then sends its final commit point and leaves the group.</summary>
    public void Stop() => _stopping = true;

    public Task RunAsync(IPipelineInput input, CancellationToken cancellationToken)
    {
        _input = input;
        _abort = cancellationToken;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run();
                finished.TrySetResult();
            }
            catch (Exception ex)
            {
                finished.TrySetException(ex);
            }
        })
        { IsBackground = true, Name = "kafka-poll" };
        thread.Start();
        return finished.Task;
    }

    public void Dispose()
    {
        _closed = true;
        _consumer.Dispose();
    }

    private void Run()
    {
        var nextCommit = _time.GetUtcNow() + _options.CommitInterval;
        try
        {
            _consumer.Subscribe(_options.InputTopic);
            while (!_stopping)
            {
                _abort.ThrowIfCancellationRequested();
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
                    WriteWhilePolling(Take(result, message));
                }

                if (_time.GetUtcNow() >= nextCommit)
                {
                    WriteWhilePolling(new CommitPoint(_session, NextOffsets(_assigned)));
                    nextCommit = _time.GetUtcNow() + _options.CommitInterval;
                }
            }

            // Graceful stop: everything read so far goes through the pipeline, then one last checkpoint and commit.
            var final = new FinishAndCommit(_session, NextOffsets(_assigned), null);
            Write(final);
            try
            {
                final.Done.Wait(_abort);
            }
            catch (AggregateException)
            {
                // The final commit failed (e.g. a refused delivery): the pipeline reports why; the consumer still leaves.
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPollFailed(_logger, ex);
            throw;
        }
        finally
        {
            Close();
        }
    }

    private SourceItem Take(ConsumeResult<byte[], byte[]> result, Message<byte[], byte[]> message)
    {
        _session.Counters.AddMessage();
        _nextOffsets[result.TopicPartition] = result.Offset.Value + 1;
        return ToItem(result.TopicPartitionOffset, message);
    }

    private SourceItem ToItem(TopicPartitionOffset source, Message<byte[], byte[]> message)
    {
        var value = message.Value ?? [];
        var position = new SourcePosition(source.Topic, source.Partition.Value, source.Offset.Value);
        var raw = new SourceMessage(message.Key, value);
        if (value.Length > _limits.MaxMessageBytes)
        {
            // Not parsed at all: a huge message must not cost a huge parse.
            return new RejectedInput(SkipReason.TooLarge, position, $"message of {value.Length} bytes is over Limits:MaxMessageBytes ({_limits.MaxMessageBytes})", raw);
        }

        var key = message.Key is { Length: > 0 } k ? Encoding.UTF8.GetString(k) : null;
        var parsed = _parser.Parse(value, key);
        if (parsed.Reading is not { } reading)
        {
            return new RejectedInput(parsed.Reason, position, parsed.Error ?? "rejected", raw);
        }

        _keys.Check(key, reading, source);
        return reading with { Position = position, Message = raw };
    }

    /// <summary>
    /// Writes an item from the poll loop itself (not from a rebalance callback): waits for room, and when the wait
    /// exceeds <see cref="KafkaOptions.PauseAfter"/> pauses the partitions and keeps polling until there is room.
    /// </summary>
    private void WriteWhilePolling(SourceItem item)
    {
        _held.Enqueue(item);
        while (_held.TryPeek(out var next))
        {
            if (_input!.TryWrite(next))
            {
                _held.Dequeue();
                continue;
            }

            var pending = _input.WriteAsync(next, _abort).AsTask();
            if (!pending.Wait(_options.PauseAfter, _abort))
            {
                // The pipeline took nothing for a while: pause and keep serving the group until it has room.
                Pause();
                while (!pending.Wait(TimeSpan.FromMilliseconds(50), _abort))
                {
                    // Paused partitions deliver nothing; a message already on its way is kept, in order, for later.
                    if (_consumer.Consume(TimeSpan.Zero) is { Message: { } late } result)
                    {
                        _held.Enqueue(Take(result, late));
                    }
                }

                Resume();
            }

            pending.GetAwaiter().GetResult();
            _held.Dequeue();
        }
    }

    /// <summary>Writes an item from a rebalance callback (inside Consume, where polling is not allowed): waits for room.</summary>
    private void Write(SourceItem item)
    {
        if (!_input!.TryWrite(item))
        {
            _input.WriteAsync(item, _abort).AsTask().GetAwaiter().GetResult();
        }
    }

    private void Pause()
    {
        _consumer.Pause(_consumer.Assignment);
        _paused = true;
        _session.Counters.AddPause();
        LogPaused(_logger, _options.PauseAfter.TotalSeconds);
    }

    private void Resume()
    {
        _consumer.Resume(_consumer.Assignment);
        _paused = false;
    }

    private Dictionary<TopicPartition, long> NextOffsets(IEnumerable<TopicPartition> partitions)
    {
        var next = new Dictionary<TopicPartition, long>();
        foreach (var partition in partitions)
        {
            if (_nextOffsets.TryGetValue(partition, out var offset))
            {
                next[partition] = offset;
            }
        }

        return next;
    }

    private void Close()
    {
        if (_closed)
        {
            return;
        }

        // Leave the group after the final commit. Close can hang on an unreachable broker, so it gets a deadline.
        _closed = true;
        var close = Task.Run(() => _consumer.Close());
        try
        {
            if (!close.Wait(_options.CloseTimeout))
            {
                LogCloseTimedOut(_logger, _options.CloseTimeout.TotalSeconds);
            }
        }
        catch (AggregateException ex)
        {
            LogCloseFailed(_logger, ex.InnerException?.Message ?? ex.Message);
        }
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        if (_closed || partitions.Count == 0)
        {
            return;
        }

        if (_paused)
        {
            _consumer.Pause(partitions);
        }

        Write(new PartitionsAssigned(_session, partitions));
        _assigned.UnionWith(partitions);
        ReportAssignment();
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        if (_closed || partitions.Count == 0)
        {
            return;
        }

        // Finish and commit the revoked partitions before the group hands them to another instance.
        var revoked = partitions.Select(p => p.TopicPartition).ToList();
        _assigned.ExceptWith(revoked);
        ReportAssignment();
        var finish = new FinishAndCommit(_session, NextOffsets(revoked), revoked);
        try
        {
            Write(finish);
            if (finish.Done.Wait(_options.DeliveryTimeout, _abort))
            {
                return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or AggregateException)
        {
            // The pipeline failed or was stopped: the revoked partitions stay uncommitted and are replayed by their next owner.
            return;
        }

        LogRevokeTimedOut(_logger, _options.DeliveryTimeout.TotalSeconds);
    }

    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        if (_closed || partitions.Count == 0)
        {
            return;
        }

        var lost = partitions.Select(p => p.TopicPartition).ToList();
        _assigned.ExceptWith(lost);
        ReportAssignment();
        Write(new PartitionsGone(_session, lost));
    }

    private void ReportAssignment()
    {
        _status?.SetAssignment(_assigned.Select(p => (p.Topic, p.Partition.Value)).ToArray());
        foreach (var gone in _lagReported.Except(_assigned).ToArray())
        {
            _metrics?.ForgetPartition(gone.Topic, gone.Partition.Value);
            _lagReported.Remove(gone);
        }
    }

    /// <summary>librdkafka statistics (on the poll thread): the consumer lag of each assigned partition, for readiness and metrics.</summary>
    private void OnStatistics(string json)
    {
        if (_status is null && _metrics is null)
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
                    _status?.ReportLag(topic.Name, id, lag);
                    _metrics?.ReportConsumerLag(topic.Name, id, lag);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The pipeline took no input for {Seconds} s: partitions paused (still polling) until it has room")]
    private static partial void LogPaused(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revoked partitions not finished within {Seconds} s; the next owner replays from the last commit")]
    private static partial void LogRevokeTimedOut(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer close failed: {Reason}")]
    private static partial void LogCloseFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer close did not finish within {Seconds} s (broker unreachable?); leaving the group by session timeout")]
    private static partial void LogCloseTimedOut(ILogger logger, double seconds);
}
