using System.Collections.Concurrent;

namespace StreamAE.Core.Health;

/// <summary>
/// What the source tells readiness: whether it is consuming (a file is open; a Kafka consumer has partitions
/// assigned) and, for brokers, the lag per partition. Thread-safe: the source writes, health checks and metrics read.
/// </summary>
public sealed class SourceStatus
{
    private readonly ConcurrentDictionary<(string Topic, int Partition), long> _lag = new();
    private volatile string _state = "not started";
    private volatile bool _consuming;
    private volatile bool _partitioned;

    /// <summary>Raised when a partition's lag is reported, for the metrics.</summary>
    public event Action<string, int, long>? LagReported;

    public bool Consuming => _consuming;

    /// <summary>A short human-readable state ("reading file x", "3 partitions assigned", "no partitions assigned").</summary>
    public string State => _state;

    public IReadOnlyDictionary<(string Topic, int Partition), long> Lag => _lag;

    /// <summary>Largest lag over the assigned partitions; 0 when none is known.</summary>
    public long MaxLag => _lag.IsEmpty ? 0 : _lag.Values.Max();

    /// <summary>
    /// Declares a partitioned source (Kafka): from then on only <see cref="SetAssignment"/> makes it consuming,
    /// not the runner's generic <see cref="MarkConsuming"/>.
    /// </summary>
    public void UsePartitions()
    {
        _partitioned = true;
        _state = "no partitions assigned";
    }

    /// <summary>A file or other non-partitioned source is open and being read (ignored for a partitioned source).</summary>
    public void MarkConsuming(string state)
    {
        if (_partitioned)
        {
            return;
        }

        _state = state;
        _consuming = true;
    }

    public void MarkStopped(string state)
    {
        _state = state;
        _consuming = false;
    }

    /// <summary>A consumer group assignment: consuming when it holds at least one partition. Lag of partitions no longer held is forgotten.</summary>
    public void SetAssignment(IReadOnlyCollection<(string Topic, int Partition)> partitions)
    {
        foreach (var key in _lag.Keys.Where(k => !partitions.Contains(k)))
        {
            _lag.TryRemove(key, out _);
        }

        _consuming = partitions.Count > 0;
        _state = partitions.Count == 0 ? "no partitions assigned" : $"{partitions.Count} partition(s) assigned";
    }

    /// <summary>Lag (high watermark minus consumed offset) of one partition, e.g. from the Kafka client's statistics.</summary>
    public void ReportLag(string topic, int partition, long lag)
    {
        _lag[(topic, partition)] = lag;
        LagReported?.Invoke(topic, partition, lag);
    }

    /// <summary>Ready when consuming and every partition's lag is at most <paramref name="maxLag"/>; the reason says why not.</summary>
    public bool IsReady(long maxLag, out string reason)
    {
        if (!_consuming)
        {
            reason = $"source not consuming: {_state}";
            return false;
        }

        var lagging = _lag.Where(kv => kv.Value > maxLag).Select(kv => $"{kv.Key.Topic}[{kv.Key.Partition}] lag {kv.Value}").ToArray();
        if (lagging.Length > 0)
        {
            reason = $"lag above {maxLag}: {string.Join(", ", lagging)}";
            return false;
        }

        reason = _state;
        return true;
    }
}
