using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamAE.Connectors.Json;
using StreamAE.Core.Domain;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Writes readings to a topic in the detector's input format — JSON with the <see cref="ReadingJsonFormat"/> field
/// names, values as an array, key = sensor id — for the <c>produce</c> command, the benchmark and tests.
/// </summary>
public sealed class ReadingProducer : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;
    private readonly ReadingJsonFormat _format;
    private readonly DeliveryTracker _deliveries = new();

    public ReadingProducer(string bootstrapServers, string topic, ReadingJsonFormat? format = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            config.Set(key, value);
        }

        _producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        _topic = topic;
        _format = format ?? new ReadingJsonFormat();
    }

    public long Sent { get; private set; }

    public void Produce(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ProduceRaw(reading.SensorId, Serialize(reading));
    }

    /// <summary>Any bytes under a sensor key (tests use it to send poison messages).</summary>
    public void ProduceRaw(string? key, byte[] value)
    {
        _deliveries.Sent();
        Sent++;
        ProducerQueue.Produce(_producer, _topic, new Message<byte[], byte[]> { Key = key is null ? null! : Encoding.UTF8.GetBytes(key), Value = value }, _deliveries.Completed);
    }

    /// <summary>Returns once every message is acknowledged; throws if one failed.</summary>
    public Task FlushAsync(TimeSpan timeout) => _deliveries.WaitAllDeliveredAsync(_producer, timeout);

    public byte[] Serialize(Reading reading) => new Serializer(_format).Serialize(reading);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    /// <summary>A reading as the detector's input JSON (values as an array, in channel order).</summary>
    public sealed class Serializer(ReadingJsonFormat format)
    {
        public byte[] Serialize(Reading reading)
        {
            ArgumentNullException.ThrowIfNull(reading);
            using var buffer = new MemoryStream(64 + (reading.Values.Length * 12));
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString(format.SensorField, reading.SensorId);
                json.WriteString(format.TimestampField, reading.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteStartArray(format.ValuesField);
                foreach (var v in reading.Values)
                {
                    json.WriteNumberValue(v);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            return buffer.ToArray();
        }
    }
}
