using Confluent.Kafka;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Kafka.Commands;

/// <summary>
/// Partitions taken away without a chance to commit (the session was lost): forget their sensors and bookkeeping;
/// their new owner resumes from the last commit and checkpoints. Also the forgetting step of a revoke.
/// </summary>
internal sealed class PartitionsGone(KafkaSession session, IReadOnlyList<TopicPartition> partitions) : PipelineCommand
{
    public override ValueTask ExecuteAsync(DetectionPipeline pipeline, CancellationToken cancellationToken)
    {
        Forget(session, pipeline, partitions);
        return ValueTask.CompletedTask;
    }

    public static void Forget(KafkaSession session, DetectionPipeline pipeline, IReadOnlyList<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            foreach (var sensorId in session.Ledger.SensorsOf(partition))
            {
                pipeline.Forget(sensorId);
            }

            session.Ledger.Forget(partition);
        }
    }
}
