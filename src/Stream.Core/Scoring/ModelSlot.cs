namespace StreamAE.Core.Scoring;

/// <summary>
/// The model in service. The pipeline reads <see cref="Current"/> once per batch, so a swap takes effect
/// between batches and never mid-batch.
/// </summary>
public sealed class ModelSlot(ScoringModel initial)
{
    private ScoringModel _current = initial;

    public ScoringModel Current => Volatile.Read(ref _current);

    /// <summary>Puts <paramref name="next"/> in service and returns the model it replaced (the caller disposes it when no batch uses it).</summary>
    public ScoringModel Swap(ScoringModel next) => Interlocked.Exchange(ref _current, next);
}
