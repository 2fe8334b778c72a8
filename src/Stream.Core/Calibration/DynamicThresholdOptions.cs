namespace StreamAE.Core.Calibration;

/// <summary>
/// Settings of <see cref="DynamicThreshold"/>. Defaults from telemanom's configuration (Hundman et al. 2018):
/// history of 30 batches of 70 errors, smoothing span 5 % of it, z from 2.5 to 12 by 0.5, pruning p = 0.13.
/// </summary>
public sealed class DynamicThresholdOptions
{
    /// <summary>Smoothed errors kept per sensor (telemanom: window_size × batch_size = 30 × 70). The state is 4 bytes per window of this.</summary>
    public int HistoryWindows { get; set; } = 2100;

    /// <summary>Windows between two threshold selections (telemanom's batch size).</summary>
    public int ReselectionPeriod { get; set; } = 70;

    /// <summary>Span of the exponentially weighted smoothing of raw scores (α = 2 / (span + 1)).</summary>
    public int SmoothingSpan { get; set; } = 105;

    /// <summary>Windows a sensor must have scored before its first threshold; until then its calibrated value is 0.</summary>
    public int LearningWindows { get; set; } = 100;

    public double MinZ { get; set; } = 2.5;

    public double MaxZ { get; set; } = 12;

    public double ZStep { get; set; } = 0.5;

    /// <summary>Minimum relative drop between an anomalous sequence's peak and the highest normal error; weaker sequences are pruned.</summary>
    public double PruneRatio { get; set; } = 0.13;

    internal IEnumerable<string> Problems(string prefix)
    {
        if (HistoryWindows is < 10 or > 1_000_000)
        {
            yield return $"{prefix}:HistoryWindows must be between 10 and 1000000, is {HistoryWindows}.";
        }

        if (ReselectionPeriod < 1 || ReselectionPeriod > HistoryWindows)
        {
            yield return $"{prefix}:ReselectionPeriod must be between 1 and HistoryWindows, is {ReselectionPeriod}.";
        }

        if (SmoothingSpan < 1)
        {
            yield return $"{prefix}:SmoothingSpan must be at least 1, is {SmoothingSpan}.";
        }

        if (LearningWindows < 2 || LearningWindows > HistoryWindows)
        {
            yield return $"{prefix}:LearningWindows must be between 2 and HistoryWindows, is {LearningWindows}.";
        }

        if (!(MinZ > 0 && MaxZ >= MinZ && ZStep > 0 && (MaxZ - MinZ) / ZStep <= 1000))
        {
            yield return $"{prefix}:MinZ, MaxZ and ZStep must satisfy 0 < MinZ ≤ MaxZ, ZStep > 0, at most 1000 steps; are {MinZ}, {MaxZ}, {ZStep}.";
        }

        if (!(PruneRatio >= 0 && PruneRatio < 1))
        {
            yield return $"{prefix}:PruneRatio must be in [0, 1), is {PruneRatio}.";
        }
    }
}
