namespace StreamAE.Core.IO;

/// <summary>Thread-safe counts of records skipped, by reason; nothing is dropped without being counted here.</summary>
public sealed class IngestCounters
{
    private readonly long[] _skipped = new long[Enum.GetValues<SkipReason>().Length];

    /// <summary>Raised for every skipped record (metrics listen here).</summary>
    public event Action<SkipReason>? Skipped;

    public void Skip(SkipReason reason)
    {
        Interlocked.Increment(ref _skipped[(int)reason]);
        Skipped?.Invoke(reason);
    }

    public long this[SkipReason reason] => Interlocked.Read(ref _skipped[(int)reason]);

    public long TotalSkipped => _skipped.Sum(v => Interlocked.Read(ref v));

    public IReadOnlyDictionary<SkipReason, long> Snapshot() =>
        Enum.GetValues<SkipReason>().Where(r => this[r] > 0).ToDictionary(r => r, r => this[r]);
}
