using StreamAE.Core.Domain;

namespace StreamAE.Core.Scoring;

/// <summary>
/// The model in service. A batch takes a <see cref="ModelLease"/> on the current model when it starts, so a
/// <see cref="Swap"/> lands between batches, never mid-batch. The slot owns its models: a replaced model is disposed
/// when its last lease ends, and the current one when the slot is disposed.
/// </summary>
public sealed class ModelSlot : IDisposable
{
    private Entry _current;
    private int _swaps;

    public ModelSlot(ScoringModel initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = new Entry(initial);
    }

    /// <summary>Raised after a swap with the replaced and the new model's descriptors.</summary>
    public event Action<ModelDescriptor, ModelDescriptor>? Swapped;

    /// <summary>The model in service now (to read its descriptor or threshold; score through <see cref="Acquire"/>).</summary>
    public ScoringModel Current => Volatile.Read(ref _current).Model;

    /// <summary>Successful swaps since the slot was created.</summary>
    public int Swaps => Volatile.Read(ref _swaps);

    /// <summary>A lease on the model in service; the model stays usable until the lease is disposed.</summary>
    public ModelLease Acquire()
    {
        while (true)
        {
            var entry = Volatile.Read(ref _current);
            if (entry.TryAddRef())
            {
                return new ModelLease(entry);
            }

            // The entry was retired between the read and the add-ref: a swap happened, read again.
        }
    }

    /// <summary>Puts <paramref name="next"/> in service; returns the descriptor of the model it replaced, which is disposed when its last lease ends.</summary>
    public ModelDescriptor Swap(ScoringModel next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var previous = Interlocked.Exchange(ref _current, new Entry(next));
        var replaced = previous.Model.Descriptor;
        previous.Release();
        Interlocked.Increment(ref _swaps);
        Swapped?.Invoke(replaced, next.Descriptor);
        return replaced;
    }

    public void Dispose() => Volatile.Read(ref _current).Release();

    /// <summary>A model with a reference count: one for the slot while it is current, one per open lease.</summary>
    internal sealed class Entry(ScoringModel model)
    {
        private int _references = 1;

        public ScoringModel Model { get; } = model;

        public bool IsDisposed => Volatile.Read(ref _references) <= 0;

        public bool TryAddRef()
        {
            while (true)
            {
                var seen = Volatile.Read(ref _references);
                if (seen <= 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _references, seen + 1, seen) == seen)
                {
                    return true;
                }
            }
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                Model.Dispose();
            }
        }
    }
}
