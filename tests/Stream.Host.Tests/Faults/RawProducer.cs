using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using StreamAE.Core.Domain;

namespace StreamAE.Host.Tests.Faults;

/// <summary>A producer that sends exactly the bytes it is given (any key, null values, messages up to 4 MB), or readings in the service's input format keyed by sensor.</summary>
internal sealed class RawProducer(string bootstrap, string topic) : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrap,
        EnableIdempotence = true,
        LingerMs = 5,
        MessageMaxBytes = 4 * 1024 * 1024,
    }).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();

    /// <summary>Sends one message (to <paramref name="partition"/>, or where its key hashes) and returns where it landed.</summary>
    public async Task<TopicPartitionOffset> SendAsync(byte[]? key, byte[]? value, int? partition = null)
    {
        var message = new Message<byte[], byte[]> { Key = key!, Value = value! };
        var result = partition is { } p
            ? await _producer.ProduceAsync(new TopicPartition(topic, p), message, TestContext.Current.CancellationToken)
            : await _producer.ProduceAsync(topic, message, TestContext.Current.CancellationToken);
        return result.TopicPartitionOffset;
    }

    /// <summary>Sends readings keyed by sensor, in order; returns the partition of the first.</summary>
    public async Task<int> SendReadingsAsync(IReadOnlyList<Reading> readings)
    {
        var first = await SendAsync(Encoding.UTF8.GetBytes(readings[0].SensorId), Serialize(readings[0]));
        foreach (var reading in readings.Skip(1))
        {
            _producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(reading.SensorId), Value = Serialize(reading) }, report =>
            {
                if (report.Error.IsError)
                {
                    throw new InvalidOperationException($"producing a reading failed: {report.Error.Reason}");
                }
            });
        }

        Assert.Equal(0, _producer.Flush(TimeSpan.FromSeconds(30)));
        return first.Partition.Value;
    }

    public static byte[] Serialize(Reading reading) => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"sensor\":{JsonSerializer.Serialize(reading.SensorId)},\"timestamp\":\"{reading.Timestamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'}\",\"values\":[{string.Join(',', reading.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]}}"));

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}
