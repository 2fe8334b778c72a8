using Confluent.Kafka;
using StreamAE.Connectors.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Alerts as JSON (<see cref="AlertJson"/>) to the alerts topic, keyed by sensor so one sensor's events stay in order.
/// Writing does not wait; <see cref="FlushAsync"/> returns once every alert is acknowledged (the detector calls it before
/// moving offsets). The producer is idempotent: retries never duplicate an alert.
/// </summary>
public sealed class KafkaAlertSink(IProducer<byte[], byte[]> producer, string topic, DeliveryTracker deliveries, TimeSpan timeout, KafkaCounters? counters = null) : IAlertSink
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
        deliveries.Sent();
        ProducerQueue.Produce(producer, topic, message, report =>
        {
            if (!report.Error.IsError)
            {
                counters?.AddAlertDelivered();
            }

            deliveries.Completed(report);
        });
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => new(deliveries.WaitAllDeliveredAsync(producer, timeout));

    // The producer is shared with dead letters and checkpoints; its owner disposes it.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
