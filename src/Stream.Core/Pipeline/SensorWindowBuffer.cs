using StreamAE.Core.Domain;

namespace StreamAE.Core.Pipeline;

/// <summary>The last T readings of one sensor in a ring buffer, so a window is a copy, not a re-scan of history.</summary>
internal sealed class SensorWindowBuffer(int windowLength, int channels)
{
    private readonly float[] _values = new float[windowLength * channels];
    private readonly DateTimeOffset[] _timestamps = new DateTimeOffset[windowLength];
    private readonly SourcePosition?[] _positions = new SourcePosition?[windowLength];
    private int _next;

    public int Channels { get; } = channels;

    /// <summary>Readings accepted since the buffer was (re)started.</summary>
    public long Count { get; private set; }

    /// <summary>Windows emitted since the buffer was (re)started.</summary>
    public long WindowsEmitted { get; private set; }

    public DateTimeOffset? LastTimestamp { get; private set; }

    public void Add(Reading reading)
    {
        Array.Copy(reading.Values, 0, _values, _next * Channels, Channels);
        _timestamps[_next] = reading.Timestamp;
        _positions[_next] = reading.Position;
        _next = (_next + 1) % windowLength;
        Count++;
        LastTimestamp = reading.Timestamp;
    }

    /// <summary>
    /// Starts an empty buffer as if <paramref name="readingsBefore"/> readings had already passed through it, so that
    /// the hop phase and window numbers continue where a checkpoint left off. The readings the next window needs are
    /// then replayed into it.
    /// </summary>
    public void ResumeAt(long readingsBefore, int hop)
    {
        Reset();
        Count = readingsBefore;
        WindowsEmitted = readingsBefore >= windowLength ? ((readingsBefore - windowLength) / hop) + 1 : 0;
    }

    public void Reset()
    {
        Count = 0;
        WindowsEmitted = 0;
        _next = 0;
        LastTimestamp = null;
    }

    public SensorWindow Snapshot(string sensorId)
    {
        var values = new float[windowLength * Channels];
        // _next is the oldest slot once the ring is full: copy [next..end) then [0..next).
        var tail = windowLength - _next;
        Array.Copy(_values, _next * Channels, values, 0, tail * Channels);
        Array.Copy(_values, 0, values, tail * Channels, _next * Channels);
        var oldest = _next;
        var newest = (_next + windowLength - 1) % windowLength;
        return new SensorWindow(sensorId, _timestamps[oldest], _timestamps[newest], windowLength, Channels, values)
        {
            Sequence = WindowsEmitted++,
            FirstPosition = _positions[oldest],
            LastPosition = _positions[newest],
        };
    }
}
