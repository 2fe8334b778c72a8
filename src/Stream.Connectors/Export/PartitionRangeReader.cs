using Confluent.Kafka;

namespace StreamAE.Connectors.Export;

/// <summary>
/// Reads fixed offset ranges of a topic's partitions (assigned, not subscribed: no group, no commits) and yields each
/// message once, in partition order, until every partition has reached the end of its range. Fails when no message
/// arrives for a while although some range is not done.
/// </summary>
internal static class PartitionRangeReader
{
    public static IEnumerable<ConsumeResult<byte[], byte[]>> Read(
        IConsumer<byte[], byte[]> consumer,
        string topic,
        IReadOnlyDictionary<int, (long Start, long End)> ranges,
        TimeSpan stallTimeout,
        CancellationToken cancellationToken)
    {
        var open = ranges.Where(r => r.Value.Start < r.Value.End).ToDictionary(r => r.Key, r => r.Value.End);
        if (open.Count == 0)
        {
            yield break;
        }

        consumer.Assign(open.Keys.Select(p => new TopicPartitionOffset(topic, p, ranges[p].Start)));
        var progress = DateTime.UtcNow;
        try
        {
            while (open.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null)
                {
                    if (DateTime.UtcNow - progress > stallTimeout)
                    {
                        throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"no message from '{topic}' for {stallTimeout.TotalSeconds:0} s with partition(s) {string.Join(", ", open.Keys)} not read to their end"));
                    }

                    continue;
                }

                progress = DateTime.UtcNow;
                var partition = result.Partition.Value;
                if (!open.TryGetValue(partition, out var end))
                {
                    continue;
                }

                // At the end of a partition (EOF), its position is the high watermark: the range is done even if it ended in a gap.
                var next = result.IsPartitionEOF ? result.Offset.Value : result.Offset.Value + 1;
                if (!result.IsPartitionEOF && result.Offset.Value < end)
                {
                    yield return result;
                }

                if (next >= end || result.IsPartitionEOF)
                {
                    open.Remove(partition);
                }
            }
        }
        finally
        {
            consumer.Unassign();
        }
    }
}
