using StreamAE.Evaluation.Thresholds;

namespace StreamAE.Evaluation.Tests;

public sealed class PotThresholdTests
{
    [Fact]
    public void Fits_an_exponential_tail_as_xi_near_0_and_its_scale()
    {
        var random = new Random(5);
        var excesses = Enumerable.Range(0, 20000).Select(_ => -2.0 * Math.Log(1 - random.NextDouble())).Order().ToArray();
        var (sigma, xi) = PotThreshold.FitGeneralizedPareto(excesses);
        Assert.InRange(sigma, 1.9, 2.1);
        Assert.InRange(xi, -0.05, 0.05);
    }

    [Fact]
    public void Threshold_of_exponential_scores_matches_the_true_quantile()
    {
        // Exp(1) scores: P(X > z) = 1e−3 at z = ln(1000) ≈ 6.91.
        var random = new Random(9);
        var scores = Enumerable.Range(0, 50000).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray();
        Assert.InRange(PotThreshold.From(scores, 1e-3), 6.6, 7.2);
    }

    [Fact]
    public void Too_few_scores_are_a_clear_error()
    {
        Assert.Throws<ArgumentException>(() => PotThreshold.From([1, 2, 3]));
    }
}
