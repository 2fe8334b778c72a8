using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Sends a poison message to the dead-letter topic: the original key and bytes, unchanged, plus headers naming the error
/// and the source topic, partition and offset (<see cref="DeadLetterHeaders"/>), so it can be inspected and replayed.
/// </summary>
public sealed class DeadLetterPublisher(IProducer<byte[], byte[]> producer, string topic, DeliveryTracker deliveries, KafkaCounters counters)
{
    public string Topic => topic;

    /// <param name="onAcknowledged">Runs once the broker has the dead letter (not when it failed: the tracker records that).</param>
    public void Publish(TopicPartitionOffset source, byte[]? key, byte[] value, SkipReason reason, string error, Action? onAcknowledged = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var headers = new Headers
        {
            { DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(reason.ToString()) },
            { DeadLetterHeaders.Message, Encoding.UTF8.GetBytes(error) },
            { DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(source.Topic) },
            { DeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)) },
            { DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)) },
        };
        deliveries.Sent();
        counters.AddDeadLetter();
        ProducerQueue.Produce(producer, topic, new Message<byte[], byte[]> { Key = key!, Value = value, Headers = headers }, report =>
        {
            if (!report.Error.IsError)
            {
                onAcknowledged?.Invoke();
            }

            deliveries.Completed(report);
        });
    }
}
