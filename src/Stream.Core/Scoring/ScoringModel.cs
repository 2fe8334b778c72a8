using StreamAE.Core.Domain;

namespace StreamAE.Core.Scoring;

/// <summary>A scorer together with the threshold calibrated for it: the two are deployed and swapped as one.</summary>
public sealed class ScoringModel(IWindowScorer scorer, AnomalyThreshold threshold) : IDisposable
{
    public IWindowScorer Scorer { get; } = scorer;

    public AnomalyThreshold Threshold { get; } = threshold;

    public ModelDescriptor Descriptor => Scorer.Model;

    public void Dispose() => Scorer.Dispose();
}
