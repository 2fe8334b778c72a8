using Confluent.Kafka;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// The offset bookkeeping of the Kafka service, one <see cref="PartitionOffsets"/> per assigned input partition, fed
/// by completions from the pipeline (sensor holds at each checkpoint), from the producer (alerts and dead letters
/// pending, then acknowledged, in any order) and by rebalances. Thread-safe: the pipeline thread, librdkafka's
/// delivery-report thread and the committer use it concurrently.
/// </summary>
public sealed class OffsetLedger
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TopicPartition, PartitionOffsets> _partitions = [];
    private readonly Dictionary<string, TopicPartition> _sensorPartition = new(StringComparer.Ordinal);

    /// <summary>Starts (or keeps) bookkeeping for an assigned partition.</summary>
    public void Track(TopicPartition partition)
    {
        lock (_lock)
        {
            Get(partition);
        }
    }

    public bool IsTracked(TopicPartition partition)
    {
        lock (_lock)
        {
            return _partitions.ContainsKey(partition);
        }
    }

    /// <summary>An alert or dead letter caused by the message at <paramref name="offset"/> was handed to the producer.</summary>
    public void Pending(TopicPartition partition, long offset)
    {
        lock (_lock)
        {
            Get(partition).Pending(offset);
        }
    }

    /// <summary>The broker acknowledged it (on any thread, in any order). Unknown partitions (revoked meanwhile) are ignored.</summary>
    public void Acknowledged(TopicPartition partition, long offset)
    {
        lock (_lock)
        {
            if (_partitions.TryGetValue(partition, out var p))
            {
                p.Acknowledged(offset);
            }
        }
    }

    /// <summary>The sensor's window still needs the readings of <paramref name="partition"/> from <paramref name="offset"/> on.</summary>
    public void Hold(string sensorId, TopicPartition partition, long offset)
    {
        lock (_lock)
        {
            if (_sensorPartition.TryGetValue(sensorId, out var previous) && previous != partition && _partitions.TryGetValue(previous, out var old))
            {
                old.Release(sensorId); // the sensor's readings now come from another partition
            }

            _sensorPartition[sensorId] = partition;
            Get(partition).Hold(sensorId, offset);
        }
    }

    /// <summary>The sensor holds nothing any more (evicted, or forgotten).</summary>
    public void Release(string sensorId)
    {
        lock (_lock)
        {
            if (_sensorPartition.Remove(sensorId, out var partition) && _partitions.TryGetValue(partition, out var p))
            {
                p.Release(sensorId);
            }
        }
    }

    /// <summary>The oldest reading any sensor of the partition holds now (recorded with a consistent point).</summary>
    public long? OldestHold(TopicPartition partition)
    {
        lock (_lock)
        {
            return _partitions.TryGetValue(partition, out var p) ? p.OldestHold() : null;
        }
    }

    /// <summary>
    /// The offset to commit for a consistent point whose next offset was <paramref name="upTo"/> and whose oldest hold
    /// was <paramref name="oldestHold"/>, or null when the partition is not tracked or nothing new may be committed.
    /// </summary>
    public long? Committable(TopicPartition partition, long upTo, long? oldestHold)
    {
        lock (_lock)
        {
            if (!_partitions.TryGetValue(partition, out var p))
            {
                return null;
            }

            var offset = p.Committable(upTo, oldestHold);
            return offset > p.Committed ? offset : null;
        }
    }

    public void MarkCommitted(TopicPartition partition, long offset)
    {
        lock (_lock)
        {
            if (_partitions.TryGetValue(partition, out var p))
            {
                p.Committed = Math.Max(p.Committed, offset);
            }
        }
    }

    public long Committed(TopicPartition partition)
    {
        lock (_lock)
        {
            return _partitions.TryGetValue(partition, out var p) ? p.Committed : -1;
        }
    }

    /// <summary>Poison messages before the returned offset were dead-lettered before a restart.</summary>
    public long DeadLetteredBefore(TopicPartition partition)
    {
        lock (_lock)
        {
            return _partitions.TryGetValue(partition, out var p) ? p.DeadLetteredBefore : -1;
        }
    }

    /// <summary>From a checkpoint: poison messages before <paramref name="offset"/> were already dead-lettered.</summary>
    public void DeadLetteredBefore(TopicPartition partition, long offset)
    {
        lock (_lock)
        {
            var p = Get(partition);
            p.DeadLetteredBefore = Math.Max(p.DeadLetteredBefore, offset);
        }
    }

    /// <summary>The sensors holding readings of the partition (those to forget when it is revoked).</summary>
    public IReadOnlyList<string> SensorsOf(TopicPartition partition)
    {
        lock (_lock)
        {
            return _partitions.TryGetValue(partition, out var p) ? [.. p.HeldBy] : [];
        }
    }

    /// <summary>The partition was revoked or lost: drop all of its bookkeeping.</summary>
    public void Forget(TopicPartition partition)
    {
        lock (_lock)
        {
            if (_partitions.Remove(partition, out var p))
            {
                foreach (var sensor in p.HeldBy)
                {
                    _sensorPartition.Remove(sensor);
                }
            }
        }
    }

    private PartitionOffsets Get(TopicPartition partition)
    {
        if (!_partitions.TryGetValue(partition, out var p))
        {
            p = new PartitionOffsets();
            _partitions.Add(partition, p);
        }

        return p;
    }
}
