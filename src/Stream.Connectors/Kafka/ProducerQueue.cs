using Confluent.Kafka;

namespace StreamAE.Connectors.Kafka;

/// <summary>Produce without blocking, except when librdkafka's local queue is full: then wait for room instead of failing.</summary>
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
        }
    }
}
