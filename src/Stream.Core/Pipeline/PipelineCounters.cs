namespace StreamAE.Core.Pipeline;

/// <summary>Running totals of the pipeline, for the run summary, logs and metrics.</summary>
public sealed class PipelineCounters
{
    private long _readings;
    private long _accepted;
    private long _replayed;
    private long _windows;
    private long _batches;
    private long _scored;
    private long _anomalousWindows;
    private long _alertsOpened;
    private long _alertsClosed;
    private long _outOfOrder;
    private long _duplicates;
    private long _restarts;
    private long _scoresCapped;

    /// <summary>Readings that entered the pipeline (valid or not).</summary>
    public long Readings => Interlocked.Read(ref _readings);

    /// <summary>Readings that entered a sensor's window state (those rebuilding a resumed window included).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Readings read again after a restart or takeover that a sensor's checkpoint had already accounted for.</summary>
    public long Replayed => Interlocked.Read(ref _replayed);

    public long Windows => Interlocked.Read(ref _windows);

    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Windows scored (equals <see cref="Windows"/> once the pipeline has drained).</summary>
    public long WindowsScored => Interlocked.Read(ref _scored);

    public long AnomalousWindows => Interlocked.Read(ref _anomalousWindows);

    public long AlertsOpened => Interlocked.Read(ref _alertsOpened);

    public long AlertsClosed => Interlocked.Read(ref _alertsClosed);

    /// <summary>Readings rejected by the windower because their timestamp went backwards.</summary>
    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    /// <summary>Readings rejected by the windower because their timestamp repeated the previous one.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Sensor windows restarted by a time gap or a change of channel count.</summary>
    public long Restarts => Interlocked.Read(ref _restarts);

    /// <summary>Windows whose score was not a finite number below the cap (see <see cref="Scoring.ScoreGuard"/>).</summary>
    public long ScoresCapped => Interlocked.Read(ref _scoresCapped);

    internal void AddReading() => Interlocked.Increment(ref _readings);

    internal void AddAccepted() => Interlocked.Increment(ref _accepted);

    internal void AddReplayed() => Interlocked.Increment(ref _replayed);

    internal void AddWindow() => Interlocked.Increment(ref _windows);

    internal void AddBatch() => Interlocked.Increment(ref _batches);

    internal void AddScored(int windows) => Interlocked.Add(ref _scored, windows);

    internal void AddAnomalousWindow() => Interlocked.Increment(ref _anomalousWindows);

    internal void AddOpened() => Interlocked.Increment(ref _alertsOpened);

    internal void AddClosed() => Interlocked.Increment(ref _alertsClosed);

    internal void AddOutOfOrder() => Interlocked.Increment(ref _outOfOrder);

    internal void AddDuplicate() => Interlocked.Increment(ref _duplicates);

    internal void AddRestart() => Interlocked.Increment(ref _restarts);

    internal void AddCappedScore() => Interlocked.Increment(ref _scoresCapped);
}
