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
        if (session.Deliveries.Failure is { } failure)
        {
            throw failure; // the broker refused something: stop before any offset moves past it
        }

        var committed = session.Committer.CheckpointAsync(pipeline, nextOffsets);
        _ = committed.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return ValueTask.CompletedTask;
    }
}
