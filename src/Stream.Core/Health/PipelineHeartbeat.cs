namespace StreamAE.Core.Health;

/// <summary>
/// Proof that the pipeline loop is turning: the loop beats for every reading it forwards and at least every
/// <see cref="Interval"/> while it waits for input. Liveness is "the last beat is recent"; a loop stuck in a
/// scorer or a deadlock stops beating.
/// </summary>
public sealed class PipelineHeartbeat(TimeProvider time, TimeSpan? interval = null)
{
    private long _lastBeat = -1;
    private int _stopped;

    public PipelineHeartbeat()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Longest the loop waits for input before it beats anyway.</summary>
    public TimeSpan Interval { get; } = interval ?? TimeSpan.FromSeconds(1);

    /// <summary>True once the loop beat at least once.</summary>
    public bool Started => Volatile.Read(ref _lastBeat) >= 0;

    /// <summary>True after the loop ended on its own (a finite source finished, or a failure).</summary>
    public bool Stopped => Volatile.Read(ref _stopped) == 1;

    public void Beat() => Volatile.Write(ref _lastBeat, time.GetTimestamp());

    public void Stop() => Volatile.Write(ref _stopped, 1);

    /// <summary>Time since the last beat; null before the first.</summary>
    public TimeSpan? SinceLastBeat
    {
        get
        {
            var last = Volatile.Read(ref _lastBeat);
            return last < 0 ? null : time.GetElapsedTime(last);
        }
    }
}
