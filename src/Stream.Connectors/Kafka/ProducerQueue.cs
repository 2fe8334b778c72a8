using Confluent.Kafka;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Produce without blocking, except when librdkafka's local queue is full: then wait for room instead of failing.
/// A message refused on the spot is reported to <c>onDelivered</c> as a failed delivery.
/// </summary>
internal static class ProducerQueue
{
    public static void Produce(IProducer<byte[], byte[]> producer, string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>> onDelivered)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message, onDelivered);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
            catch (ProduceException<byte[], byte[]> ex)
            {
                // Refused before it left this process (e.g. the idempotent producer hit a fatal error after the broker
                // refused a batch): report it as a failed delivery, so every producer failure surfaces in one place —
                // the next flush, before any offset moves — whether librdkafka says so now or in a delivery report.
                onDelivered(new DeliveryReport<byte[], byte[]>
                {
                    Error = ex.Error,
                    Topic = topic,
                    Message = message,
                    Status = PersistenceStatus.NotPersisted,
                });
                return;
            }
        }
    }
}
