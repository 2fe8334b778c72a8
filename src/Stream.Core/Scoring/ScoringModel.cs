using StreamAE.Core.Domain;
using StreamAE.Core.Drift;

namespace StreamAE.Core.Scoring;

/// <summary>
/// A scorer together with the threshold calibrated for it: the two are deployed and swapped as one. The drift
/// reference, when the model has one (a bundle's held-out scores and training normalisation), goes along.
/// </summary>
public sealed class ScoringModel(IWindowScorer scorer, AnomalyThreshold threshold, DriftReference? drift = null) : IDisposable
{
    public IWindowScorer Scorer { get; } = scorer;

    public AnomalyThreshold Threshold { get; } = threshold;

    /// <summary>What the model's training data looked like, for the drift checks; null when unknown.</summary>
    public DriftReference? Drift { get; } = drift;

    public ModelDescriptor Descriptor => Scorer.Model;

    public void Dispose() => Scorer.Dispose();
}
