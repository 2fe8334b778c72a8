using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Per-sensor checkpoints in a compacted topic keyed by sensor id: written through the shared idempotent producer,
/// read back in full (latest per key) when partitions are assigned, so the new owner resumes each sensor.
/// </summary>
public sealed partial class CheckpointStore(IProducer<byte[], byte[]> producer, KafkaOptions options, DeliveryTracker deliveries, ILogger logger)
{
    // Named literals: a non-finite number in an episode (a model gone wild) must never make a checkpoint unwritable.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static byte[] Serialize(SensorCheckpoint checkpoint) => JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json);

    /// <summary>The checkpoint in <paramref name="value"/>, or null when it is unreadable or of another layout version.</summary>
    public static SensorCheckpoint? Deserialize(ReadOnlySpan<byte> value)
    {
        try
        {
            var checkpoint = JsonSerializer.Deserialize<SensorCheckpoint>(value, Json);
            return checkpoint is { Version: SensorCheckpoint.CurrentVersion, State.Window: not null } ? checkpoint : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Produces a checkpoint; <paramref name="onAcknowledged"/> runs when the broker has it (or it failed: the tracker records that).</summary>
    public void Write(SensorCheckpoint checkpoint, Action? onAcknowledged = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        deliveries.Sent();
        ProducerQueue.Produce(
            producer,
            options.StateTopic,
            new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(checkpoint.State.SensorId), Value = Serialize(checkpoint) },
            report =>
            {
                deliveries.Completed(report);
                onAcknowledged?.Invoke();
            });
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
        var unreadable = 0;
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
                else if (Deserialize(result.Message.Value) is { } checkpoint)
                {
                    latest[sensor] = checkpoint;
                }
                else
                {
                    latest.Remove(sensor);
                    unreadable++;
                }
            }

            var partition = result.Partition.Value;
            if (ends.TryGetValue(partition, out var end) && (result.IsPartitionEOF ? result.Offset.Value : result.Offset.Value + 1) >= end)
            {
                ends.Remove(partition);
            }
        }

        reader.Close();
        if (unreadable > 0)
        {
            LogUnreadable(logger, unreadable, options.StateTopic);
        }

        return latest;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No checkpoints read from state topic {Topic}: {Reason}")]
    private static partial void LogNoStateTopic(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} checkpoint(s) in {Topic} are unreadable or of an older layout: those sensors start afresh")]
    private static partial void LogUnreadable(ILogger logger, int count, string topic);
}
