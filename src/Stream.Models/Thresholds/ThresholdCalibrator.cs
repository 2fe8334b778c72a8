using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Models.Thresholds;

/// <summary>
/// Sets the alert threshold from scores on training (normal) data: a high quantile by default, so that about
/// (1 − q) of normal windows would alert. Per-channel thresholds are the same quantile of each channel's error.
/// </summary>
public static class ThresholdCalibrator
{
    public const double DefaultQuantile = 0.995;

    public static AnomalyThreshold FromScores(IReadOnlyList<WindowScore> scores, double quantile = DefaultQuantile)
    {
        if (scores.Count == 0)
        {
            throw new ArgumentException("Threshold calibration needs at least one training window score.", nameof(scores));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var overall = Quantile(scores.Select(s => s.Score).ToArray(), quantile);
        var channels = scores[0].ChannelErrors.Length;
        var perChannel = new double[channels];
        for (var c = 0; c < channels; c++)
        {
            perChannel[c] = Quantile(scores.Select(s => (double)s.ChannelErrors[c]).ToArray(), quantile);
        }

        return new AnomalyThreshold(overall, perChannel, $"quantile:{quantile.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    /// <summary>The q-quantile with linear interpolation between order statistics (type 7, as numpy's default).</summary>
    public static double Quantile(double[] values, double q)
    {
        if (values.Length == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
