using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StreamAE.Core.IO;
using StreamAE.Core.Observability;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Sends a poison message to the dead-letter topic with headers naming the error and the source topic, partition and
/// offset (<see cref="DeadLetterHeaders"/>), so it can be inspected and replayed. The original key and bytes go along
/// unchanged when the dead letter fits the producer's <c>message.max.bytes</c>; otherwise (an oversize message, a huge
/// key) only the first <see cref="TruncatedValueBytes"/> of the value and <see cref="TruncatedKeyBytes"/> of the key go,
/// marked by headers that give the original sizes. A dead letter is therefore never refused for its size: one bad
/// message cannot make the service fail its commit and crash-loop on the same message.
/// </summary>
public sealed class DeadLetterPublisher(IProducer<byte[], byte[]> producer, string topic, DeliveryTracker deliveries, KafkaCounters counters, int maxMessageBytes = KafkaMessageLimits.LibrdkafkaDefaultMessageMaxBytes)
{
    /// <summary>Most of a truncated value a dead letter keeps.</summary>
    public const int TruncatedValueBytes = 64 * 1024;

    /// <summary>Most of a truncated key a dead letter keeps.</summary>
    public const int TruncatedKeyBytes = 1024;

    /// <summary>Longest error description in the <see cref="DeadLetterHeaders.Message"/> header, in characters.</summary>
    public const int MaxErrorChars = 1000;

    public string Topic => topic;

    /// <param name="onAcknowledged">Runs once the broker has the dead letter (not when it failed: the tracker records that).</param>
    public void Publish(TopicPartitionOffset source, byte[]? key, byte[] value, SkipReason reason, string error, Action? onAcknowledged = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var message = Build(source, key, value ?? [], reason, error, maxMessageBytes);
        deliveries.Sent();
        counters.AddDeadLetter();
        ProducerQueue.Produce(producer, topic, message, report =>
        {
            if (!report.Error.IsError)
            {
                onAcknowledged?.Invoke();
            }

            deliveries.Completed(report);
        });
    }

    /// <summary>The dead letter as it will be produced: whole when it fits <paramref name="maxMessageBytes"/>, else truncated and marked.</summary>
    public static Message<byte[], byte[]> Build(TopicPartitionOffset source, byte[]? key, byte[] value, SkipReason reason, string error, int maxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(value);
        var headers = new Headers
        {
            { DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(reason.ToString()) },
            { DeadLetterHeaders.Message, Encoding.UTF8.GetBytes(SensorIdDisplay.Shorten(error ?? string.Empty, MaxErrorChars)) },
            { DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(source.Topic) },
            { DeadLetterHeaders.SourcePartition, Invariant(source.Partition.Value) },
            { DeadLetterHeaders.SourceOffset, Invariant(source.Offset.Value) },
        };

        var keyBytes = key?.Length ?? 0;
        if (KafkaMessageLimits.WireSize(keyBytes, value.Length, headers) <= maxMessageBytes)
        {
            return new Message<byte[], byte[]> { Key = key!, Value = value, Headers = headers };
        }

        if (key is { Length: > TruncatedKeyBytes })
        {
            headers.Add(DeadLetterHeaders.KeyTruncatedFrom, Invariant(key.Length));
            key = key[..TruncatedKeyBytes];
        }

        // The marker header first, then whatever room is left (never more than TruncatedValueBytes).
        headers.Add(DeadLetterHeaders.ValueTruncatedFrom, Invariant(value.Length));
        var room = maxMessageBytes - KafkaMessageLimits.WireSize(key?.Length ?? 0, 0, headers);
        var kept = Math.Clamp(room, 0, Math.Min(TruncatedValueBytes, value.Length));
        return new Message<byte[], byte[]> { Key = key!, Value = value[..kept], Headers = headers };
    }

    private static byte[] Invariant(long number) => Encoding.UTF8.GetBytes(number.ToString(CultureInfo.InvariantCulture));
}
