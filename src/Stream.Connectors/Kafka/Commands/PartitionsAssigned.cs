using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Kafka.Commands;

/// <summary>
/// New partitions: read the state topic and restore every sensor checkpointed on them (window resume point, open
/// episode), hold their partitions' commits behind the readings those sensors will replay, and remember up to where
/// poison messages were already dead-lettered. Runs before any message of the new partitions reaches the pipeline.
/// </summary>
internal sealed partial class PartitionsAssigned(KafkaSession session, IReadOnlyList<TopicPartition> partitions) : PipelineCommand
{
    public override bool Drains => false;

    public override async ValueTask ExecuteAsync(DetectionPipeline pipeline, CancellationToken cancellationToken)
    {
        session.Counters.AddAssignment();
        foreach (var partition in partitions)
        {
            session.Ledger.Track(partition);
        }

        var assigned = partitions.ToHashSet();
        var loaded = await Task.Run(() => session.Checkpoints.LoadAll(session.Options.DeliveryTimeout), cancellationToken).ConfigureAwait(false);
        var restored = 0;
        foreach (var checkpoint in loaded.Values)
        {
            var window = checkpoint.State.Window;
            var partition = new TopicPartition(window.Source, window.Partition);
            if (!assigned.Contains(partition) || pipeline.Assembler.Tracks(checkpoint.State.SensorId))
            {
                continue;
            }

            pipeline.Restore(checkpoint.State);
            session.Ledger.Hold(checkpoint.State.SensorId, partition, window.ResumeOffset);
            session.Ledger.DeadLetteredBefore(partition, checkpoint.PartitionNextOffset);
            restored++;
        }

        LogAssigned(session.Logger, string.Join(", ", partitions.Select(p => p.Partition.Value)), restored);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned partition(s) {Partitions}; {Sensors} sensor(s) restored from checkpoints")]
    private static partial void LogAssigned(ILogger logger, string partitions, int sensors);
}
