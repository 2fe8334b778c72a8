using Confluent.Kafka;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Per sensor: the offsets of the readings its window state still holds (the last T−1, which a future window needs),
/// so the partition's commit can stay behind them, and what a restored sensor must replay silently.
/// </summary>
internal sealed class SensorProgress(string sensorId, TopicPartition partition, int holdCapacity)
{
    private readonly Queue<long> _held = new(holdCapacity + 1);

    public string SensorId => sensorId;

    public TopicPartition Partition => partition;

    /// <summary>Readings in the window state since it (re)started (mirrors the assembler's count).</summary>
    public long Accepted { get; private set; }

    public long LastOffset { get; private set; } = -1;

    /// <summary>Messages at or before this offset were already fully processed before a restart: windows they complete are dropped.</summary>
    public long ReplayThrough { get; private set; } = -1;

    /// <summary>Messages before this offset were already accounted for by the restored checkpoint and are skipped.</summary>
    public long SkipBefore { get; private set; } = -1;

    public int Channels { get; private set; }

    public int Held => _held.Count;

    public long? OldestHeld => _held.Count > 0 ? _held.Peek() : null;

    public void RestoreFrom(SensorCheckpoint checkpoint)
    {
        Accepted = checkpoint.Accepted - checkpoint.Held;
        ReplayThrough = checkpoint.LastOffset;
        SkipBefore = checkpoint.ResumeOffset;
        Channels = checkpoint.Channels;
    }

    /// <summary>Any message of this sensor was processed (accepted or not).</summary>
    public void Seen(long offset) => LastOffset = offset;

    /// <summary>A reading entered the window state; <paramref name="restarted"/>: the state restarted with it (time gap).</summary>
    public void Accept(long offset, int channels, bool restarted)
    {
        if (restarted)
        {
            _held.Clear();
            Accepted = 0;
        }

        Channels = channels;
        Accepted++;
        _held.Enqueue(offset);
        while (_held.Count > holdCapacity)
        {
            _held.Dequeue();
        }
    }

    public SensorCheckpoint ToCheckpoint(long partitionNextOffset, Core.Alerts.EpisodeSnapshot? episode) => new(
        sensorId,
        partition.Topic,
        partition.Partition.Value,
        LastOffset,
        OldestHeld ?? (LastOffset + 1),
        Accepted,
        Held,
        Channels,
        partitionNextOffset,
        episode);
}
