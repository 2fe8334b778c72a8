using System.Text;
using Confluent.Kafka;
using StreamAE.Connectors.Json;
using StreamAE.Core.Drift;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Drift events as JSON (<see cref="DriftEventJson"/>, <c>"type": "drift"</c>, header <c>streamae.type: drift</c>) to the
/// alerts topic or Drift:Topic, keyed by sensor like alerts. Its own idempotent producer with the service's producer
/// settings; <see cref="FlushAsync"/> returns once every event is acknowledged.
/// </summary>
public sealed class KafkaDriftEventSink : IDriftEventSink, IDisposable
{
    public const string TypeHeader = "streamae.type";

    private static readonly byte[] DriftType = "drift"u8.ToArray();
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly DeliveryTracker _deliveries = new();
    private readonly TimeSpan _timeout;

    public KafkaDriftEventSink(KafkaOptions options, string? topic = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Topic = string.IsNullOrWhiteSpace(topic) ? options.AlertsTopic : topic;
        // Drift events are not part of the commit sequence: waiting for them is bounded like the stop (Kafka:CloseTimeout).
        _timeout = options.CloseTimeout < options.DeliveryTimeout ? options.CloseTimeout : options.DeliveryTimeout;
        _producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(options)).SetLogHandler((_, _) => { }).Build();
    }

    public string Topic { get; }

    public ValueTask WriteAsync(DriftEvent drift, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var message = new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(drift.SensorId),
            Value = DriftEventJson.Serialize(drift),
            Headers = new Headers { { TypeHeader, DriftType } },
        };
        _deliveries.Sent();
        ProducerQueue.Produce(_producer, Topic, message, _deliveries.Completed);
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => new(_deliveries.WaitAllDeliveredAsync(_producer, _timeout));

    /// <summary>
    /// Waits briefly for the last events, then closes. With the broker gone at shutdown it does not wait for it (the
    /// stop is bounded by Kafka:CloseTimeout; a drift event lost then is detected again): the producer is left to the
    /// process exit, since destroying it could block on its connection attempts.
    /// </summary>
    public void Dispose()
    {
        if (_producer.Flush(TimeSpan.FromSeconds(1)) == 0)
        {
            _producer.Dispose();
        }
    }
}
