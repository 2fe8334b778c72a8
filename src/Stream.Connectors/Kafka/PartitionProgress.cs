using Confluent.Kafka;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Per partition: how far messages have been processed, and which sensors live on it. The committable offset is the
/// first message not yet done: min(next offset, oldest reading still held by any of its sensors' windows). Everything
/// before it has been windowed, scored and its alerts acknowledged (the detector flushes before committing).
/// </summary>
internal sealed class PartitionProgress(TopicPartition partition)
{
    public TopicPartition Partition => partition;

    /// <summary>Offset after the last processed message; -1 before the first.</summary>
    public long NextOffset { get; private set; } = -1;

    public long Committed { get; set; } = -1;

    /// <summary>Poison messages before this offset were dead-lettered before a restart (from checkpoints); not sent again.</summary>
    public long DeadLetteredBefore { get; set; } = -1;

    public HashSet<string> Sensors { get; } = new(StringComparer.Ordinal);

    public void Processed(long offset) => NextOffset = Math.Max(NextOffset, offset + 1);

    public long? Committable(IReadOnlyDictionary<string, SensorProgress> sensors)
    {
        if (NextOffset < 0)
        {
            return null;
        }

        var offset = NextOffset;
        foreach (var id in Sensors)
        {
            if (sensors.TryGetValue(id, out var sensor) && sensor.OldestHeld is { } held && held < offset)
            {
                offset = held;
            }
        }

        return offset;
    }
}
