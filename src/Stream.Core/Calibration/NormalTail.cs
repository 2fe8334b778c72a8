namespace StreamAE.Core.Calibration;

/// <summary>Upper tail probabilities of the normal distribution, and the log scale calibrated values are reported on.</summary>
public static class NormalTail
{
    /// <summary>Smallest tail probability told apart; the calibrated value saturates at 1 there.</summary>
    public const double Floor = 1e-10;

    /// <summary>P(X ≥ x) for X ~ N(mean, std²), std &gt; 0.</summary>
    public static double Upper(double x, double mean, double std) => 0.5 * Erfc((x - mean) / (std * Math.Sqrt(2)));

    /// <summary>
    /// A tail probability on HTM's log scale, −log₁₀(p)/10 clamped to [0, 1]: 10⁻⁵ → 0.5, 10⁻³ → 0.3, 0.5 → 0.03.
    /// </summary>
    public static double ToValue(double tail) => Math.Clamp(-Math.Log10(Math.Max(tail, Floor)) / 10, 0, 1);

    /// <summary>
    /// The complementary error function, with relative error below 1.2·10⁻⁷ everywhere (Chebyshev fit, Press et al.,
    /// Numerical Recipes, erfcc), so tail probabilities down to the floor keep their digits. .NET has no erfc.
    /// </summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0.0;
        for (var i = c.Length - 1; i >= 0; i--)
        {
            poly = c[i] + (t * poly);
        }

        var r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2.0 - r;
    }
}
