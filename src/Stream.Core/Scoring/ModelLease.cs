namespace StreamAE.Core.Scoring;

/// <summary>
/// A batch's hold on the model that scores it. While any lease is open the model is not disposed, so a swap can
/// happen at any moment without pulling the scorer from under a running batch. Dispose once the batch is scored.
/// </summary>
public sealed class ModelLease : IDisposable
{
    private ModelSlot.Entry? _entry;

    internal ModelLease(ModelSlot.Entry entry)
    {
        _entry = entry;
        Model = entry.Model;
    }

    public ScoringModel Model { get; }

    public void Dispose() => Interlocked.Exchange(ref _entry, null)?.Release();
}
