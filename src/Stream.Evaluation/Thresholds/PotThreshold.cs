using StreamAE.Models.Thresholds;

namespace StreamAE.Evaluation.Thresholds;

/// <summary>
/// Peaks over threshold (Siffer et al., KDD 2017): take the excesses of the training scores over an initial high
/// quantile t, fit a generalised Pareto distribution (σ, ξ) to them, and set the threshold where the fitted tail
/// probability is <c>risk</c>: z = t + σ/ξ·((risk·n/N_t)^(−ξ) − 1) (or t − σ·ln(risk·n/N_t) when ξ ≈ 0).
/// The fit uses probability-weighted moments (Hosking and Wallis 1987), which need no iteration and are stable on small tails.
/// </summary>
public static class PotThreshold
{
    /// <summary>Fewest training scores a tail fit is attempted on.</summary>
    public const int MinScores = 20;

    public static double From(IReadOnlyList<double> scores, double risk = 1e-3, double initialQuantile = 0.98)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(risk, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(risk, 1);
        var values = scores.Where(double.IsFinite).ToArray();
        if (values.Length < MinScores)
        {
            throw new ArgumentException($"POT needs at least {MinScores} training scores; got {values.Length}.", nameof(scores));
        }

        var t = ThresholdCalibrator.Quantile(values, initialQuantile);
        var excesses = values.Where(v => v > t).Select(v => v - t).Order().ToArray();
        if (excesses.Length < 3)
        {
            return values.Max(); // too few peaks to fit a tail: fall back to the largest training score.
        }

        var (sigma, xi) = FitGeneralizedPareto(excesses);
        var ratio = risk * values.Length / excesses.Length;
        var z = Math.Abs(xi) < 1e-6 ? t - (sigma * Math.Log(ratio)) : t + (sigma / xi * (Math.Pow(ratio, -xi) - 1));
        return double.IsFinite(z) ? Math.Max(z, t) : values.Max();
    }

    /// <summary>GPD scale σ and shape ξ by probability-weighted moments of sorted excesses (ξ &lt; 1 assumed).</summary>
    public static (double Sigma, double Xi) FitGeneralizedPareto(double[] sortedExcesses)
    {
        var n = sortedExcesses.Length;
        double a0 = 0, a1 = 0;
        for (var i = 0; i < n; i++)
        {
            a0 += sortedExcesses[i];
            // a1 estimates E[X·(1 − F(X))] with plotting position p_i = (i + 0.65)/n (i from 0).
            a1 += sortedExcesses[i] * (1 - ((i + 0.65) / n));
        }

        a0 /= n;
        a1 /= n;
        var denominator = a0 - (2 * a1);
        if (denominator <= 0)
        {
            return (a0, 0); // degenerate tail: treat as exponential with the mean excess.
        }

        // Hosking–Wallis with k = −ξ: k = a0/(a0 − 2a1) − 2, σ = 2·a0·a1/(a0 − 2a1).
        var k = (a0 / denominator) - 2;
        var sigma = 2 * a0 * a1 / denominator;
        return (sigma, -k);
    }
}
