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
        _timeout = options.DeliveryTimeout;
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

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
