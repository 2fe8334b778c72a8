using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// What the Kafka detector has done so far, on top of the shared pipeline counts (windows scored, alerts):
/// the Kafka side — messages, dead letters, replays, deliveries, commits, rebalances. Read from any thread.
/// </summary>
public sealed class KafkaCounters
{
    private PipelineCounters? _pipeline;

    private long _messages;
    private long _readings;
    private long _deadLettered;
    private long _skipped;
    private long _replayed;
    private long _alertsDelivered;
    private long _commits;
    private long _assignments;
    private long _revocations;
    private long _pauses;

    /// <summary>Messages taken from the input topic.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Valid readings processed (windowed).</summary>
    public long Readings => Interlocked.Read(ref _readings);

    /// <summary>Poison messages sent to the dead-letter topic.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Valid readings not windowed: out of order or a repeated timestamp for their sensor.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Messages read again after a restart or takeover that a checkpoint had already accounted for.</summary>
    public long Replayed => Interlocked.Read(ref _replayed);

    /// <summary>Windows scored (the detection pipeline's count).</summary>
    public long Windows => Volatile.Read(ref _pipeline)?.WindowsScored ?? 0;

    /// <summary>Alerts produced, open and closed events (the detection pipeline's count).</summary>
    public long Alerts => Volatile.Read(ref _pipeline) is { } p ? p.AlertsOpened + p.AlertsClosed : 0;

    public long AlertsDelivered => Interlocked.Read(ref _alertsDelivered);

    public long Commits => Interlocked.Read(ref _commits);

    public long Assignments => Interlocked.Read(ref _assignments);

    public long Revocations => Interlocked.Read(ref _revocations);

    /// <summary>Times the poll loop paused its partitions because the detection loop fell behind.</summary>
    public long Pauses => Interlocked.Read(ref _pauses);

    internal void AddMessage() => Interlocked.Increment(ref _messages);

    internal void AddReading() => Interlocked.Increment(ref _readings);

    internal void AddDeadLetter() => Interlocked.Increment(ref _deadLettered);

    internal void AddSkipped() => Interlocked.Increment(ref _skipped);

    internal void AddReplayed() => Interlocked.Increment(ref _replayed);

    /// <summary>The detection loop's pipeline, whose counts <see cref="Windows"/> and <see cref="Alerts"/> report.</summary>
    internal void Track(PipelineCounters pipeline) => Volatile.Write(ref _pipeline, pipeline);

    internal void AddAlertDelivered() => Interlocked.Increment(ref _alertsDelivered);

    internal void AddCommit() => Interlocked.Increment(ref _commits);

    internal void AddAssignment() => Interlocked.Increment(ref _assignments);

    internal void AddRevocation() => Interlocked.Increment(ref _revocations);

    internal void AddPause() => Interlocked.Increment(ref _pauses);
}
