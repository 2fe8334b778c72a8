using Confluent.Kafka;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Kafka.Commands;

/// <summary>
/// Every <see cref="KafkaOptions.CommitInterval"/>: a consistent point where the changed sensors are checkpointed and
/// offsets up to <c>nextOffsets</c> become committable once everything before them is acknowledged. The pipeline
/// does not wait for the commit.
/// </summary>
internal sealed class CommitPoint(KafkaSession session, IReadOnlyDictionary<TopicPartition, long> nextOffsets) : PipelineCommand
{
    public override ValueTask ExecuteAsync(DetectionPipeline pipeline, CancellationToken cancellationToken)
    {
        if (session.Deliveries.Failure is not null)
        {
            // The broker refused something: no more checkpoints or commits. The service is already stopping; its final
            // point waits for every delivery and reports all that failed.
            return ValueTask.CompletedTask;
        }

        var committed = session.Committer.CheckpointAsync(pipeline, nextOffsets);
        _ = committed.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return ValueTask.CompletedTask;
    }
}
