using StreamAE.Core.Domain;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// Groups readings per sensor into count-based sliding windows of size T and hop H.
/// A window completes at the T-th reading after a (re)start and every H readings after that.
/// A time gap above <see cref="WindowingOptions.MaxGap"/> or a change of channel count restarts the sensor.
/// Not thread-safe: the pipeline feeds it from one thread.
/// </summary>
public sealed class SlidingWindowAssembler(WindowingOptions options)
{
    private readonly Dictionary<string, SensorWindowBuffer> _sensors = new(StringComparer.Ordinal);

    public int TrackedSensors => _sensors.Count;

    public WindowingOptions Options => options;

    public WindowAddResult Add(Reading reading, out SensorWindow? window)
    {
        window = null;
        var restarted = WindowAddResult.Buffered;
        if (!_sensors.TryGetValue(reading.SensorId, out var buffer))
        {
            buffer = new SensorWindowBuffer(options.WindowLength, reading.Channels);
            _sensors.Add(reading.SensorId, buffer);
        }
        else if (buffer.Channels != reading.Channels)
        {
            buffer = new SensorWindowBuffer(options.WindowLength, reading.Channels);
            _sensors[reading.SensorId] = buffer;
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
        _sensors[sensorId] = buffer;
    }

    /// <summary>Forgets a sensor's buffered readings (e.g. when its partition is revoked or it is evicted).</summary>
    public bool Forget(string sensorId) => _sensors.Remove(sensorId);
}
