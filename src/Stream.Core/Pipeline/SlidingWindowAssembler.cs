using StreamAE.Core.Domain;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// Groups readings per sensor into count-based sliding windows of size T and hop H.
/// A window completes at the T-th reading after a (re)start and every H readings after that.
/// A time gap above <see cref="WindowingOptions.MaxGap"/> or a change of channel count restarts the sensor.
/// At most <c>maxSensors</c> sensors are tracked: a new sensor beyond that evicts the least recently seen one
/// (raising <see cref="SensorEvicted"/>), so an endless stream of new sensor ids cannot exhaust memory.
/// Not thread-safe: the pipeline feeds it from one thread.
/// </summary>
public sealed class SlidingWindowAssembler(WindowingOptions options, int maxSensors = int.MaxValue)
{
    // Recency order: the first node is the least recently seen sensor. Moving a node is O(1).
    private readonly Dictionary<string, LinkedListNode<TrackedSensor>> _sensors = new(StringComparer.Ordinal);
    private readonly LinkedList<TrackedSensor> _recency = new();
    private int _trackedSensors;

    /// <summary>Raised with the id of a sensor evicted to make room for a new one.</summary>
    public event Action<string>? SensorEvicted;

    /// <summary>Sensors tracked now (safe to read from another thread, e.g. a metrics callback).</summary>
    public int TrackedSensors => Volatile.Read(ref _trackedSensors);

    public long EvictedSensors { get; private set; }

    public int MaxSensors => maxSensors;

    public WindowingOptions Options => options;

    /// <summary>Adds readings in order and returns the windows they complete (readings it rejects make none).</summary>
    public List<SensorWindow> AddRange(IEnumerable<Reading> readings)
    {
        var windows = new List<SensorWindow>();
        foreach (var reading in readings)
        {
            Add(reading, out var window);
            if (window is not null)
            {
                windows.Add(window);
            }
        }

        return windows;
    }

    public WindowAddResult Add(Reading reading, out SensorWindow? window)
    {
        window = null;
        var restarted = WindowAddResult.Buffered;
        SensorWindowBuffer buffer;
        if (!_sensors.TryGetValue(reading.SensorId, out var node))
        {
            if (_sensors.Count >= maxSensors)
            {
                EvictLeastRecentlySeen();
            }

            buffer = new SensorWindowBuffer(options.WindowLength, reading.Channels);
            _sensors.Add(reading.SensorId, _recency.AddLast(new TrackedSensor(reading.SensorId, buffer)));
            Volatile.Write(ref _trackedSensors, _sensors.Count);
        }
        else
        {
            MarkSeen(node);
            buffer = node.Value.Buffer;
            if (buffer.Channels != reading.Channels)
            {
                buffer = new SensorWindowBuffer(options.WindowLength, reading.Channels);
                node.Value.Buffer = buffer;
                restarted = WindowAddResult.ChannelCountRestart;
            }
            else if (buffer.LastTimestamp is { } last)
            {
                if (reading.Timestamp == last)
                {
                    return WindowAddResult.Duplicate;
                }

                if (reading.Timestamp < last)
                {
                    return WindowAddResult.OutOfOrder;
                }

                if (options.MaxGap is { } maxGap && reading.Timestamp - last > maxGap)
                {
                    buffer.Reset();
                    restarted = WindowAddResult.GapRestart;
                }
            }
        }

        buffer.Add(reading);
        var afterFirst = buffer.Count - options.WindowLength;
        if (afterFirst >= 0 && afterFirst % options.Hop == 0)
        {
            window = buffer.Snapshot(reading.SensorId);
            return restarted == WindowAddResult.Buffered ? WindowAddResult.WindowCompleted : restarted;
        }

        return restarted;
    }

    /// <summary>
    /// Restarts a sensor from a checkpoint: its window state is empty but counts <paramref name="readingsBefore"/>
    /// readings, so once the last readings before the checkpoint are replayed the next windows complete exactly where
    /// an uninterrupted run completes them. Windows completed during that replay were already scored; the caller drops them.
    /// </summary>
    public void Resume(string sensorId, int channels, long readingsBefore)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(readingsBefore);
        var buffer = new SensorWindowBuffer(options.WindowLength, channels);
        buffer.ResumeAt(readingsBefore, options.Hop);
        if (_sensors.TryGetValue(sensorId, out var node))
        {
            node.Value.Buffer = buffer;
            MarkSeen(node);
            return;
        }

        if (_sensors.Count >= maxSensors)
        {
            EvictLeastRecentlySeen();
        }

        _sensors.Add(sensorId, _recency.AddLast(new TrackedSensor(sensorId, buffer)));
        Volatile.Write(ref _trackedSensors, _sensors.Count);
    }

    /// <summary>Forgets a sensor's buffered readings (e.g. when its partition is revoked).</summary>
    public bool Forget(string sensorId)
    {
        if (!_sensors.Remove(sensorId, out var node))
        {
            return false;
        }

        _recency.Remove(node);
        Volatile.Write(ref _trackedSensors, _sensors.Count);
        return true;
    }

    private void MarkSeen(LinkedListNode<TrackedSensor> node)
    {
        if (node.Next is not null)
        {
            _recency.Remove(node);
            _recency.AddLast(node);
        }
    }

    private void EvictLeastRecentlySeen()
    {
        var oldest = _recency.First!;
        _recency.RemoveFirst();
        _sensors.Remove(oldest.Value.SensorId);
        EvictedSensors++;
        SensorEvicted?.Invoke(oldest.Value.SensorId);
    }

    private sealed class TrackedSensor(string sensorId, SensorWindowBuffer buffer)
    {
        public string SensorId { get; } = sensorId;

        public SensorWindowBuffer Buffer { get; set; } = buffer;
    }
}
