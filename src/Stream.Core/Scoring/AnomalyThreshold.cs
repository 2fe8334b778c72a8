namespace StreamAE.Core.Scoring;

/// <summary>
/// The score above which a window is anomalous, calibrated on training scores, and optional per-channel thresholds
/// used to say which channels are out of their normal range.
/// </summary>
public sealed record AnomalyThreshold(double Overall, IReadOnlyList<double>? PerChannel = null, string Method = "quantile")
{
    public bool IsAnomalous(double score) => score > Overall;
}
