using StreamAE.Core.Domain;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// The last T readings of one sensor in a ring buffer, so a window is a copy, not a re-scan of history. Kept small
/// because there is one per tracked sensor: values, UTC ticks and source offsets in flat arrays; the source name,
/// partition and UTC offset are the latest reading's (a sensor comes from one source partition).
/// </summary>
internal sealed class SensorWindowBuffer(int windowLength, int channels)
{
    private readonly float[] _values = new float[windowLength * channels];
    private readonly long[] _ticks = new long[windowLength];
    private readonly long[] _offsets = new long[windowLength];
    private string? _source;
    private int _partition;
    private short _utcOffsetMinutes;
    private int _next;

    public int Channels { get; } = channels;

    /// <summary>Readings accepted since the buffer was (re)started.</summary>
    public long Count { get; private set; }

    /// <summary>Windows emitted since the buffer was (re)started.</summary>
    public long WindowsEmitted { get; private set; }

    public DateTimeOffset? LastTimestamp => Filled == 0 ? null : At((_next + windowLength - 1) % windowLength);

    /// <summary>Readings of the ring that are real (not from before a restart or resume).</summary>
    private int Filled { get; set; }

    public void Add(Reading reading)
    {
        Array.Copy(reading.Values, 0, _values, _next * Channels, Channels);
        _ticks[_next] = reading.Timestamp.UtcTicks;
        _utcOffsetMinutes = (short)reading.Timestamp.TotalOffsetMinutes;
        if (reading.Position is { } position)
        {
            _offsets[_next] = position.Offset;
            _source = position.Source;
            _partition = position.Partition;
        }
        else
        {
            _offsets[_next] = -1;
        }

        _next = (_next + 1) % windowLength;
        Count++;
        Filled = Math.Min(Filled + 1, windowLength);
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
        Filled = 0;
    }

    /// <summary>
    /// Position of the oldest of the last <paramref name="held"/> readings (those a future window still needs), or
    /// null when none is buffered or the readings carry no position.
    /// </summary>
    public SourcePosition? OldestOf(int held)
    {
        var count = Math.Min(held, Filled);
        if (count <= 0 || _source is null)
        {
            return null;
        }

        var offset = _offsets[(_next - count + windowLength) % windowLength];
        return offset < 0 ? null : new SourcePosition(_source, _partition, offset);
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
        return new SensorWindow(sensorId, At(oldest), At(newest), windowLength, Channels, values)
        {
            Sequence = WindowsEmitted++,
            FirstPosition = PositionAt(oldest),
            LastPosition = PositionAt(newest),
        };
    }

    private DateTimeOffset At(int slot) =>
        new DateTimeOffset(_ticks[slot], TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(_utcOffsetMinutes));

    private SourcePosition? PositionAt(int slot) =>
        _offsets[slot] < 0 || _source is null ? null : new SourcePosition(_source, _partition, _offsets[slot]);
}
