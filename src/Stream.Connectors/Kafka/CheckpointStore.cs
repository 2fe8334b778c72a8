using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Per-sensor checkpoints in a compacted topic keyed by sensor id: written through the shared idempotent producer,
/// read back in full (latest per key) when partitions are assigned, so the new owner resumes each sensor.
/// </summary>
public sealed partial class CheckpointStore(IProducer<byte[], byte[]> producer, KafkaOptions options, DeliveryTracker deliveries, ILogger logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString | System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public void Write(SensorCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        deliveries.Sent();
        ProducerQueue.Produce(
            producer,
            options.StateTopic,
            new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(checkpoint.SensorId), Value = JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json) },
            deliveries.Completed);
    }

    /// <summary>Reads the state topic to its end and returns the latest checkpoint of every sensor (blocking; call off the poll thread).</summary>
    public Dictionary<string, SensorCheckpoint> LoadAll(TimeSpan timeout)
    {
        var latest = new Dictionary<string, SensorCheckpoint>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + timeout;
        using var reader = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfigs.StateReader(options)).SetLogHandler((_, _) => { }).Build();
        TopicMetadata? topic;
        using (var admin = new DependentAdminClientBuilder(reader.Handle).Build())
        {
            topic = admin.GetMetadata(options.StateTopic, timeout).Topics.FirstOrDefault();
        }

        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
        {
            LogNoStateTopic(logger, options.StateTopic, topic?.Error.Reason ?? "no metadata");
            return latest;
        }

        var ends = new Dictionary<int, long>();
        var start = new List<TopicPartitionOffset>();
        foreach (var p in topic.Partitions)
        {
            var tp = new TopicPartition(options.StateTopic, p.PartitionId);
            var marks = reader.QueryWatermarkOffsets(tp, timeout);
            if (marks.High > marks.Low)
            {
                ends[p.PartitionId] = marks.High;
                start.Add(new TopicPartitionOffset(tp, marks.Low));
            }
        }

        reader.Assign(start);
        while (ends.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"reading checkpoints from '{options.StateTopic}' took over {timeout.TotalSeconds:0.#} s"));
            }

            var result = reader.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (!result.IsPartitionEOF)
            {
                var sensor = Encoding.UTF8.GetString(result.Message.Key ?? []);
                if (result.Message.Value is null || result.Message.Value.Length == 0)
                {
                    latest.Remove(sensor);
                }
                else if (JsonSerializer.Deserialize<SensorCheckpoint>(result.Message.Value, Json) is { } checkpoint)
                {
                    latest[sensor] = checkpoint;
                }
            }

            var partition = result.Partition.Value;
            if (ends.TryGetValue(partition, out var end) && (result.IsPartitionEOF ? result.Offset.Value : result.Offset.Value + 1) >= end)
            {
                ends.Remove(partition);
            }
        }

        reader.Close();
        return latest;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No checkpoints read from state topic {Topic}: {Reason}")]
    private static partial void LogNoStateTopic(ILogger logger, string topic, string reason);
}
