using Confluent.Kafka;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Kafka.Commands;

/// <summary>
/// A consistent point that must be fully committed before the source goes on: on a revoke (the partitions' next owner
/// starts from that commit) and at shutdown. Waits for every alert and dead letter, checkpoints, commits; then, for a
/// revoke, forgets the sensors of the revoked partitions. <see cref="Done"/> releases the waiting poll thread.
/// </summary>
internal sealed class FinishAndCommit(KafkaSession session, IReadOnlyDictionary<TopicPartition, long> nextOffsets, IReadOnlyList<TopicPartition>? revoked) : PipelineCommand
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Done => _done.Task;

    public override async ValueTask ExecuteAsync(DetectionPipeline pipeline, CancellationToken cancellationToken)
    {
        try
        {
            await session.FlushDeliveriesAsync().ConfigureAwait(false);
            await session.Committer.CheckpointAsync(pipeline, nextOffsets).ConfigureAwait(false);
            if (revoked is not null)
            {
                PartitionsGone.Forget(session, pipeline, revoked);
                session.Counters.AddRevocation();
            }

            _done.TrySetResult();
        }
        catch (Exception ex)
        {
            _done.TrySetException(ex);
            throw;
        }
    }
}
