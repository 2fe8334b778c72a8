namespace StreamAE.Core.Calibration;

/// <summary>
/// Settings of <see cref="AnomalyLikelihood"/>. The defaults are those of the reference implementation (nupic's
/// anomaly_likelihood.py and NAB's numenta detector): average of 10, history of 8,640, re-estimated every 100,
/// red zone 10⁻⁵, yellow 10⁻³, novel range 5 %. None of them was chosen by looking at a benchmark.
/// </summary>
public sealed class LikelihoodOptions
{
    /// <summary>Window scores in the short-term moving average whose tail probability is the likelihood.</summary>
    public int AveragingWindow { get; set; } = 10;

    /// <summary>Windows of history the long-term distribution is estimated from (kept as running moments in blocks of <see cref="ReestimationPeriod"/>).</summary>
    public int HistoryWindows { get; set; } = 8640;

    /// <summary>Windows between two estimates of the long-term distribution.</summary>
    public int ReestimationPeriod { get; set; } = 100;

    /// <summary>Windows a sensor must have scored before its first estimate; until then its calibrated value is 0.</summary>
    public int LearningWindows { get; set; } = 100;

    /// <summary>Tail probability at or below which the likelihood is in the red zone.</summary>
    public double RedZone { get; set; } = 1e-5;

    /// <summary>The tail probability a red-zone value is lowered to when the previous window was already red (one alert per excursion).</summary>
    public double YellowZone { get; set; } = 1e-3;

    /// <summary>
    /// The novel-range rule: a newest reading more than this fraction of the sensor's seen range beyond its seen
    /// minimum or maximum scores 1 at once. 0 turns the rule off.
    /// </summary>
    public double RangeTolerance { get; set; } = 0.05;

    /// <summary>
    /// Fit the distribution to the logarithm of the moving averages instead of the averages themselves (as the reference
    /// does). Off by default: on a log scale a single spike barely moves the average.
    /// </summary>
    public bool LogScale { get; set; }

    internal IEnumerable<string> Problems(string prefix)
    {
        if (AveragingWindow is < 1 or > 1000)
        {
            yield return $"{prefix}:AveragingWindow must be between 1 and 1000, is {AveragingWindow}.";
        }

        if (ReestimationPeriod is < 1 or > 100_000)
        {
            yield return $"{prefix}:ReestimationPeriod must be between 1 and 100000, is {ReestimationPeriod}.";
        }

        if (HistoryWindows < ReestimationPeriod || HistoryWindows > 256 * ReestimationPeriod)
        {
            yield return $"{prefix}:HistoryWindows must be between ReestimationPeriod and 256 × ReestimationPeriod (at most 256 blocks of running moments), is {HistoryWindows}.";
        }

        if (LearningWindows < 2)
        {
            yield return $"{prefix}:LearningWindows must be at least 2, is {LearningWindows}.";
        }

        if (!(RedZone > 0 && RedZone < YellowZone && YellowZone < 0.5))
        {
            yield return $"{prefix}:RedZone and YellowZone must satisfy 0 < RedZone < YellowZone < 0.5, are {RedZone} and {YellowZone}.";
        }

        if (!(RangeTolerance >= 0 && RangeTolerance <= 10))
        {
            yield return $"{prefix}:RangeTolerance must be between 0 and 10, is {RangeTolerance}.";
        }
    }
}
