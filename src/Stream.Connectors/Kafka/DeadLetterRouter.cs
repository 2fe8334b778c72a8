using Confluent.Kafka;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// The Kafka policy for what the pipeline rejects (it has already counted and logged it): poison messages — unparsable,
/// invalid, too large — go to the dead-letter topic with their original key and bytes, and their input offset stays
/// pending in the <see cref="OffsetLedger"/> until the broker has the dead letter. Out-of-order and duplicate
/// readings are valid messages that came late: counted and logged, not dead-lettered. Poison messages before a restored
/// checkpoint's partition position were dead-lettered before the restart and are not sent again.
/// </summary>
public sealed class DeadLetterRouter(DeadLetterPublisher publisher, OffsetLedger ledger, KafkaCounters counters, StreamAE.Core.Observability.StreamAeMetrics? metrics) : IRejectedInputSink
{
    public bool Forward(RejectedInput rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        if (rejected.Reason is SkipReason.OutOfOrder or SkipReason.DuplicateTimestamp || rejected.Message is not { } message || rejected.Position.Partition < 0)
        {
            return false;
        }

        var partition = new TopicPartition(rejected.Position.Source, rejected.Position.Partition);
        var offset = rejected.Position.Offset;
        if (offset < ledger.DeadLetteredBefore(partition))
        {
            counters.AddDeadLetterReplayed();
            return false;
        }

        ledger.Pending(partition, offset);
        publisher.Publish(new TopicPartitionOffset(partition, offset), message.Key, message.Value, rejected.Reason, rejected.Detail, () => ledger.Acknowledged(partition, offset));
        metrics?.RecordDeadLetter(rejected.Reason.ToString());
        return true;
    }
}
