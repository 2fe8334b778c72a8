using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Turns consistent points of the pipeline into offset commits, in order, never past anything not yet durable. At a
/// point (on the pipeline's thread, nothing in flight inside the pipeline) it writes the checkpoints of the sensors that
/// changed, records their holds in the <see cref="OffsetLedger"/> and notes where the point stands; once those
/// checkpoints are acknowledged it commits, per partition, what the ledger allows (alerts still unacknowledged hold the
/// commit back). The pipeline does not wait for the broker: commits happen on this committer's own task.
/// </summary>
public sealed partial class OffsetCommitter : IAsyncDisposable
{
    private readonly OffsetLedger _ledger;
    private readonly CheckpointStore _checkpoints;
    private readonly DeliveryTracker _deliveries;
    private readonly Action<IReadOnlyList<TopicPartitionOffset>> _commit;
    private readonly KafkaOptions _options;
    private readonly KafkaCounters _counters;
    private readonly ILogger _logger;
    private readonly Channel<ConsistentPoint> _points = Channel.CreateUnbounded<ConsistentPoint>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _loop;

    public OffsetCommitter(
        OffsetLedger ledger,
        CheckpointStore checkpoints,
        DeliveryTracker deliveries,
        Action<IReadOnlyList<TopicPartitionOffset>> commit,
        KafkaOptions options,
        KafkaCounters counters,
        ILogger logger)
    {
        _ledger = ledger;
        _checkpoints = checkpoints;
        _deliveries = deliveries;
        _commit = commit;
        _options = options;
        _counters = counters;
        _logger = logger;
        _loop = Task.Run(CommitLoopAsync);
    }

    /// <summary>
    /// At a consistent point of <paramref name="pipeline"/> whose input partitions stood at <paramref name="nextOffsets"/>:
    /// writes the changed sensors' checkpoints and queues the commit. The task completes once the commit was attempted.
    /// </summary>
    public Task CheckpointAsync(DetectionPipeline pipeline, IReadOnlyDictionary<TopicPartition, long> nextOffsets)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(nextOffsets);
        var point = new ConsistentPoint(nextOffsets);
        foreach (var sensorId in pipeline.TakeChangedSensors())
        {
            if (pipeline.Export(sensorId) is not { } snapshot)
            {
                continue;
            }

            var partition = new TopicPartition(snapshot.Window.Source, snapshot.Window.Partition);
            if (!_ledger.IsTracked(partition))
            {
                continue; // not a partition of ours (any more): its new owner has the sensor
            }

            _ledger.Hold(sensorId, partition, snapshot.Window.ResumeOffset);
            var partitionNext = nextOffsets.TryGetValue(partition, out var next) ? next : snapshot.Window.LastOffset + 1;
            point.Expect();
            _checkpoints.Write(new SensorCheckpoint(SensorCheckpoint.CurrentVersion, snapshot, partitionNext), point.Acknowledged);
        }

        foreach (var partition in nextOffsets.Keys)
        {
            point.Holds[partition] = _ledger.OldestHold(partition);
        }

        point.Acknowledged(); // the point itself: done once every checkpoint above is
        _points.Writer.TryWrite(point);
        return point.Committed;
    }

    public async ValueTask DisposeAsync()
    {
        _points.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task CommitLoopAsync()
    {
        await foreach (var point in _points.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await point.AllAcknowledged.ConfigureAwait(false);
                if (_deliveries.Failure is { } failure)
                {
                    // Something the broker would not take: offsets stay where they are; the service is stopping.
                    point.Fail(failure);
                    continue;
                }

                await CommitAsync(point).ConfigureAwait(false);
                point.Done();
            }
            catch (Exception ex)
            {
                point.Fail(ex);
            }
        }
    }

    private async Task CommitAsync(ConsistentPoint point)
    {
        var offsets = new List<TopicPartitionOffset>();
        foreach (var (partition, upTo) in point.NextOffsets)
        {
            if (_ledger.Committable(partition, upTo, point.Holds.GetValueOrDefault(partition)) is { } offset)
            {
                offsets.Add(new TopicPartitionOffset(partition, offset));
            }
        }

        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            // A synchronous commit waits for the group coordinator; bound it so an unreachable broker cannot hang a revoke or a shutdown.
            // On a thread of its own: a commit blocks, and with the coordinator unreachable for long.
            await Task.Factory.StartNew(() => _commit(offsets), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                .WaitAsync(_options.DeliveryTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogCommitFailed(_logger, $"no answer from the group coordinator within {_options.DeliveryTimeout.TotalSeconds:0} s");
            return;
        }
        catch (KafkaException ex)
        {
            // E.g. mid-rebalance or broker down: keep the offsets uncommitted; the next point (or the next owner's replay) covers them.
            LogCommitFailed(_logger, ex.Error.Reason);
            return;
        }

        foreach (var o in offsets)
        {
            _ledger.MarkCommitted(o.TopicPartition, o.Offset.Value);
        }

        _counters.AddCommit();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, string reason);

    /// <summary>One consistent point: where each partition stood, its holds, and the checkpoints it waits for.</summary>
    private sealed class ConsistentPoint(IReadOnlyDictionary<TopicPartition, long> nextOffsets)
    {
        private readonly TaskCompletionSource _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _outstanding = 1;

        public IReadOnlyDictionary<TopicPartition, long> NextOffsets { get; } = nextOffsets;

        public Dictionary<TopicPartition, long?> Holds { get; } = [];

        public Task AllAcknowledged => _acknowledged.Task;

        public Task Committed => _committed.Task;

        public void Expect() => Interlocked.Increment(ref _outstanding);

        public void Acknowledged()
        {
            if (Interlocked.Decrement(ref _outstanding) == 0)
            {
                _acknowledged.TrySetResult();
            }
        }

        public void Done() => _committed.TrySetResult();

        public void Fail(Exception exception) => _committed.TrySetException(exception);
    }
}
