using StreamAE.Core.Domain;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// Groups readings per sensor into count-based sliding windows of size T and hop H.
/// A window completes at the T-th reading after a (re)start and every H readings after that.
/// A time gap above <see cref="WindowingOptions.MaxGap"/> or a change of channel count restarts the sensor.
/// At most <c>maxSensors</c> sensors are tracked: a new sensor beyond that evicts the least recently seen one
/// (raising <see cref="SensorEvicted"/>), so an endless stream of new sensor ids cannot exhaust memory.
/// A sensor can be exported as a <see cref="WindowResumePoint"/> and restored from one (checkpoints): the restored
/// sensor skips readings before the resume offset and rebuilds its window from the replayed ones without emitting
/// the windows they complete again.
/// Not thread-safe: the pipeline feeds it from one thread.
/// </summary>
public sealed class SlidingWindowAssembler(WindowingOptions options, int maxSensors = int.MaxValue)
{
    // Recency order: the first node is the least recently seen sensor. Moving a node is O(1).
    private readonly Dictionary<string, LinkedListNode<TrackedSensor>> _sensors = new(StringComparer.Ordinal);
    private readonly LinkedList<TrackedSensor> _recency = new();
    private readonly List<string> _changed = [];
    private int _trackedSensors;

    /// <summary>Raised with the id of a sensor evicted to make room for a new one.</summary>
    public event Action<string>? SensorEvicted;

    /// <summary>
    /// Raised when a restored sensor's first reading comes after its resume point's last offset: the readings that
    /// would rebuild its window are gone (retention, or offsets reset), so its window restarts empty.
    /// </summary>
    public event Action<string, WindowResumePoint, long>? ResumeLost;

    /// <summary>Sensors tracked now (safe to read from another thread, e.g. a metrics callback).</summary>
    public int TrackedSensors => Volatile.Read(ref _trackedSensors);

    public long EvictedSensors { get; private set; }

    public int MaxSensors => maxSensors;

    public WindowingOptions Options => options;

    /// <summary>Readings a future window still needs: the last T−1.</summary>
    public int HoldCapacity => options.WindowLength - 1;

    /// <summary>Whether the sensor has window state here.</summary>
    public bool Tracks(string sensorId) => _sensors.ContainsKey(sensorId);

    /// <summary>The ids of the tracked sensors.</summary>
    public IEnumerable<string> Sensors => _sensors.Keys;

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
        TrackedSensor sensor;
        if (!_sensors.TryGetValue(reading.SensorId, out var node))
        {
            sensor = Track(reading.SensorId, new SensorWindowBuffer(options.WindowLength, reading.Channels));
        }
        else
        {
            MarkSeen(node);
            sensor = node.Value;
        }

        var offset = reading.Position?.Offset ?? -1;
        var resume = sensor.Resume;
        var fromResumedSource = resume is not null && reading.Position is { } position
            && position.Partition == resume.Partition && string.Equals(position.Source, resume.Source, StringComparison.Ordinal);
        if (resume is not null && fromResumedSource)
        {
            if (offset < resume.ResumeOffset)
            {
                return WindowAddResult.AlreadyProcessed;
            }

            if (sensor.AwaitingReplay && resume.Held > 0 && offset > resume.LastOffset)
            {
                // The replay range is gone: start the window afresh rather than build it from the wrong readings.
                sensor.Buffer = new SensorWindowBuffer(options.WindowLength, reading.Channels);
                sensor.Resume = null;
                ResumeLost?.Invoke(reading.SensorId, resume, offset);
            }

            sensor.AwaitingReplay = false;
        }

        MarkChanged(sensor, offset);
        var buffer = sensor.Buffer;
        if (buffer.Channels != reading.Channels)
        {
            buffer = new SensorWindowBuffer(options.WindowLength, reading.Channels);
            sensor.Buffer = buffer;
            sensor.Resume = null;
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

        buffer.Add(reading);
        var replaying = fromResumedSource && sensor.Resume is not null && offset <= sensor.Resume.LastOffset;
        if (sensor.Resume is not null && !replaying)
        {
            sensor.Resume = null; // past the resume point: an ordinary sensor again
        }

        var afterFirst = buffer.Count - options.WindowLength;
        var completes = afterFirst >= 0 && afterFirst % options.Hop == 0;
        if (replaying)
        {
            if (completes)
            {
                buffer.Snapshot(reading.SensorId); // keeps the window numbering; the window itself was scored before
            }

            return WindowAddResult.Replayed;
        }

        if (completes)
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
            node.Value.Resume = null;
            MarkSeen(node);
            return;
        }

        Track(sensorId, buffer);
    }

    /// <summary>
    /// Restores a sensor from its resume point: counts continue where it left off, readings before its resume offset
    /// are <see cref="WindowAddResult.AlreadyProcessed"/>, and those up to its last offset are <see cref="WindowAddResult.Replayed"/>.
    /// </summary>
    public void Restore(string sensorId, WindowResumePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        Resume(sensorId, point.Channels, Math.Max(0, point.Accepted - point.Held));
        var sensor = _sensors[sensorId].Value;
        sensor.Resume = point;
        sensor.AwaitingReplay = true;
        sensor.LastOffset = point.LastOffset;
    }

    /// <summary>
    /// Where the sensor's window state stands (for a checkpoint), or null when it is not tracked or its readings
    /// carry no source position.
    /// </summary>
    public WindowResumePoint? Export(string sensorId)
    {
        if (!_sensors.TryGetValue(sensorId, out var node))
        {
            return null;
        }

        var sensor = node.Value;
        if (sensor.AwaitingReplay && sensor.Resume is { } restored)
        {
            return restored; // nothing read since the restore: it still stands where it was restored
        }

        var buffer = sensor.Buffer;
        var held = (int)Math.Min(buffer.Count, HoldCapacity);
        var oldest = buffer.OldestOf(held);
        var latest = buffer.OldestOf(1);
        if (oldest is not { } first || latest is not { } newest)
        {
            return null;
        }

        return new WindowResumePoint(newest.Source, newest.Partition, buffer.Channels, buffer.Count, held, first.Offset, Math.Max(sensor.LastOffset, newest.Offset));
    }

    /// <summary>The position of the oldest reading the sensor's future windows still need, or null (not tracked, no positions).</summary>
    public SourcePosition? OldestHeld(string sensorId)
    {
        if (!_sensors.TryGetValue(sensorId, out var node))
        {
            return null;
        }

        var sensor = node.Value;
        if (sensor.AwaitingReplay && sensor.Resume is { } restored)
        {
            return new SourcePosition(restored.Source, restored.Partition, restored.ResumeOffset);
        }

        return sensor.Buffer.OldestOf(HoldCapacity);
    }

    /// <summary>The sensors that read anything since the last call (their checkpoints are out of date), and clears the marks.</summary>
    public IReadOnlyList<string> TakeChanged()
    {
        var changed = new List<string>(_changed.Count);
        foreach (var id in _changed)
        {
            if (_sensors.TryGetValue(id, out var node) && node.Value.Changed)
            {
                node.Value.Changed = false;
                changed.Add(id);
            }
        }

        _changed.Clear();
        return changed;
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

    private TrackedSensor Track(string sensorId, SensorWindowBuffer buffer)
    {
        if (_sensors.Count >= maxSensors)
        {
            EvictLeastRecentlySeen();
        }

        var sensor = new TrackedSensor(sensorId, buffer);
        _sensors.Add(sensorId, _recency.AddLast(sensor));
        Volatile.Write(ref _trackedSensors, _sensors.Count);
        return sensor;
    }

    private void MarkChanged(TrackedSensor sensor, long offset)
    {
        sensor.LastOffset = Math.Max(sensor.LastOffset, offset);
        if (!sensor.Changed)
        {
            sensor.Changed = true;
            _changed.Add(sensor.SensorId);
        }
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

        /// <summary>Set while a restored sensor rebuilds its window; cleared once past its last offset.</summary>
        public WindowResumePoint? Resume { get; set; }

        /// <summary>Restored and no reading of it seen yet.</summary>
        public bool AwaitingReplay { get; set; }

        /// <summary>Highest source offset of any reading of this sensor processed (accepted or not); −1 if none.</summary>
        public long LastOffset { get; set; } = -1;

        /// <summary>Read something since its last checkpoint.</summary>
        public bool Changed { get; set; }
    }
}
