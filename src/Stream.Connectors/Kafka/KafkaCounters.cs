using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// What the Kafka service has done so far: the Kafka side (messages, dead letters, deliveries, commits, rebalances,
/// pauses) counted here, and the detection side read from the pipeline's own counters, which count the same way for
/// every source. Read from any thread.
/// </summary>
public sealed class KafkaCounters
{
    private PipelineCounters? _pipeline;
    private IngestCounters? _ingest;

    private long _messages;
    private long _deadLettered;
    private long _deadLettersReplayed;
    private long _alertsDelivered;
    private long _commits;
    private long _assignments;
    private long _revocations;
    private long _pauses;

    /// <summary>Messages taken from the input topic.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Valid readings that entered a sensor's window (the pipeline's count; those rebuilding a resumed window included).</summary>
    public long Readings => Volatile.Read(ref _pipeline)?.Accepted ?? 0;

    /// <summary>Poison messages sent to the dead-letter topic.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Valid readings not windowed: out of order or a repeated timestamp for their sensor.</summary>
    public long Skipped => Volatile.Read(ref _ingest) is { } i ? i[SkipReason.OutOfOrder] + i[SkipReason.DuplicateTimestamp] : 0;

    /// <summary>Messages read again after a restart or takeover that a checkpoint had already accounted for.</summary>
    public long Replayed => (Volatile.Read(ref _pipeline)?.Replayed ?? 0) + Interlocked.Read(ref _deadLettersReplayed);

    /// <summary>Windows scored (the pipeline's count).</summary>
    public long Windows => Volatile.Read(ref _pipeline)?.WindowsScored ?? 0;

    /// <summary>Alerts produced, open and closed events (the pipeline's count).</summary>
    public long Alerts => Volatile.Read(ref _pipeline) is { } p ? p.AlertsOpened + p.AlertsClosed : 0;

    public long AlertsDelivered => Interlocked.Read(ref _alertsDelivered);

    public long Commits => Interlocked.Read(ref _commits);

    public long Assignments => Interlocked.Read(ref _assignments);

    public long Revocations => Interlocked.Read(ref _revocations);

    /// <summary>Times the poll loop paused its partitions because the pipeline fell behind.</summary>
    public long Pauses => Interlocked.Read(ref _pauses);

    /// <summary>The pipeline whose counts <see cref="Readings"/>, <see cref="Windows"/>, <see cref="Alerts"/> and <see cref="Skipped"/> report.</summary>
    internal void Track(PipelineCounters pipeline, IngestCounters ingest)
    {
        Volatile.Write(ref _pipeline, pipeline);
        Volatile.Write(ref _ingest, ingest);
    }

    internal void AddMessage() => Interlocked.Increment(ref _messages);

    internal void AddDeadLetter() => Interlocked.Increment(ref _deadLettered);

    internal void AddDeadLetterReplayed() => Interlocked.Increment(ref _deadLettersReplayed);

    internal void AddAlertDelivered() => Interlocked.Increment(ref _alertsDelivered);

    internal void AddCommit() => Interlocked.Increment(ref _commits);

    internal void AddAssignment() => Interlocked.Increment(ref _assignments);

    internal void AddRevocation() => Interlocked.Increment(ref _revocations);

    internal void AddPause() => Interlocked.Increment(ref _pauses);
}
