using StreamAE.Core.Domain;

namespace StreamAE.Core.Scoring;

/// <summary>
/// Scores windows in batches: one <see cref="WindowScore"/> per window, in the same order.
/// Implementations may reuse buffers between calls and need not be thread-safe: the pipeline calls them from one thread at a time.
/// </summary>
public interface IWindowScorer : IDisposable
{
    ModelDescriptor Model { get; }

    IReadOnlyList<WindowScore> Score(IReadOnlyList<SensorWindow> windows);
}
