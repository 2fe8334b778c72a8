namespace StreamAE.Core.Pipeline;

/// <summary>What happened to a reading offered to the <see cref="SlidingWindowAssembler"/>.</summary>
public enum WindowAddResult
{
    /// <summary>Buffered; no window completed.</summary>
    Buffered,

    /// <summary>Buffered and a window completed.</summary>
    WindowCompleted,

    /// <summary>Rejected: timestamp not after the sensor's previous reading.</summary>
    OutOfOrder,

    /// <summary>Rejected: same timestamp as the sensor's previous reading.</summary>
    Duplicate,

    /// <summary>Accepted after a time gap larger than the configured maximum: the sensor's window restarted.</summary>
    GapRestart,

    /// <summary>Accepted after the channel count changed: the sensor's window restarted.</summary>
    ChannelCountRestart,

    /// <summary>
    /// Accepted while rebuilding a resumed sensor's window (at or before its resume point's last offset): a window it
    /// completes was scored before the restart, so none is returned.
    /// </summary>
    Replayed,

    /// <summary>Ignored: before the resumed sensor's resume offset, already accounted for by its resume point.</summary>
    AlreadyProcessed,
}
