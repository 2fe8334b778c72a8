namespace StreamAE.Connectors.Kafka;

/// <summary>
/// What may be committed on one input partition. A message is done once its windows are scored and every alert or
/// dead letter it caused is acknowledged by the broker; readings a sensor's window still holds (its last T−1) are not
/// done either, because a future window needs them. The committable offset is therefore the smallest of: the next
/// offset of the consistent point being committed, the first message with an unacknowledged alert or dead letter,
/// and the oldest reading any sensor of the partition still holds. Not thread-safe: <see cref="OffsetLedger"/> locks.
/// </summary>
internal sealed class PartitionOffsets
{
    // Offsets with something on its way to the broker, with how many things (an offset may carry an alert and a retry).
    private readonly SortedDictionary<long, int> _pending = [];
    private readonly Dictionary<string, long> _holds = new(StringComparer.Ordinal);

    /// <summary>Last committed offset (the next message to read after a restart); −1 before the first commit.</summary>
    public long Committed { get; set; } = -1;

    /// <summary>Poison messages before this offset were dead-lettered before a restart (from checkpoints): not again.</summary>
    public long DeadLetteredBefore { get; set; } = -1;

    public IEnumerable<string> HeldBy => _holds.Keys;

    public void Pending(long offset) => _pending[offset] = _pending.GetValueOrDefault(offset) + 1;

    public void Acknowledged(long offset)
    {
        if (_pending.TryGetValue(offset, out var count))
        {
            if (count <= 1)
            {
                _pending.Remove(offset);
            }
            else
            {
                _pending[offset] = count - 1;
            }
        }
    }

    public void Hold(string sensorId, long offset) => _holds[sensorId] = offset;

    public bool Release(string sensorId) => _holds.Remove(sensorId);

    /// <summary>The oldest reading any sensor of the partition holds; null when none holds anything.</summary>
    public long? OldestHold()
    {
        long? oldest = null;
        foreach (var offset in _holds.Values)
        {
            if (oldest is not { } o || offset < o)
            {
                oldest = offset;
            }
        }

        return oldest;
    }

    /// <summary>The offset that may be committed for a consistent point at <paramref name="upTo"/> whose holds were <paramref name="oldestHold"/>.</summary>
    public long Committable(long upTo, long? oldestHold)
    {
        var offset = upTo;
        if (oldestHold is { } hold && hold < offset)
        {
            offset = hold;
        }

        if (_pending.Count > 0)
        {
            offset = Math.Min(offset, _pending.Keys.First());
        }

        return offset;
    }
}
