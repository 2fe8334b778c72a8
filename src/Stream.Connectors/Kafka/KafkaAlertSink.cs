using Confluent.Kafka;
using StreamAE.Connectors.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Alerts as JSON (<see cref="AlertJson"/>) to the alerts topic, keyed by sensor so one sensor's events stay in order.
/// Writing does not wait: the alert's input message stays pending in the <see cref="OffsetLedger"/> (when given) until
/// the broker acknowledges it, so no offset is committed past an alert that is not durable. <see cref="FlushAsync"/>
/// returns once every alert is acknowledged. The producer is idempotent: retries never duplicate an alert.
/// </summary>
public sealed class KafkaAlertSink(
    IProducer<byte[], byte[]> producer,
    string topic,
    DeliveryTracker deliveries,
    TimeSpan timeout,
    KafkaCounters? counters = null,
    OffsetLedger? ledger = null) : IAlertSink
{
    public string Topic => topic;

    public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var message = new Message<byte[], byte[]>
        {
            Key = System.Text.Encoding.UTF8.GetBytes(alert.SensorId),
            Value = AlertJson.Serialize(alert),
        };
        var source = ledger is not null && alert.Position is { Partition: >= 0 } p ? new TopicPartition(p.Source, p.Partition) : null;
        if (source is not null)
        {
            ledger!.Pending(source, alert.Position!.Value.Offset);
        }

        deliveries.Sent();
        ProducerQueue.Produce(producer, topic, message, report =>
        {
            if (!report.Error.IsError)
            {
                counters?.AddAlertDelivered();
                if (source is not null)
                {
                    ledger!.Acknowledged(source, alert.Position!.Value.Offset);
                }
            }

            deliveries.Completed(report);
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => new(deliveries.WaitAllDeliveredAsync(producer, timeout));

    // The producer is shared with dead letters and checkpoints; its owner disposes it.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
