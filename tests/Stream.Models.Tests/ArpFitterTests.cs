using StreamAE.Core.Domain;
using StreamAE.Models.Arp;
using StreamAE.Models.Data;

namespace StreamAE.Models.Tests;

public class ArpFitterTests
{
    [Fact]
    public void Least_squares_recovers_the_coefficients_of_a_known_AR2_process()
    {
        double[] truth = [0.6, -0.3];
        var series = Synthetic.ArProcess(truth, 20_000, offset: 5);
        var normalization = Normalization.Fit([series]);
        var model = ArpFitter.Fit([series], normalization, order: 2);

        Assert.Equal(0.6, model.Coefficients[0][0], 0.02);
        Assert.Equal(-0.3, model.Coefficients[0][1], 0.02);
        // Residual variance in normalised units: σ² / Var(y).
        Assert.InRange(model.ResidualVariance[0], 0.5, 1.0);
    }

    [Fact]
    public void Extra_lags_of_an_AR1_process_get_coefficients_near_zero()
    {
        var series = Synthetic.ArProcess([0.8], 20_000);
        var model = ArpFitter.Fit([series], Normalization.Fit([series]), order: 4);
        Assert.Equal(0.8, model.Coefficients[0][0], 0.02);
        Assert.All(model.Coefficients[0].Skip(1), a => Assert.InRange(a, -0.03, 0.03));
    }

    [Fact]
    public void Several_series_and_channels_are_fitted_per_channel()
    {
        var a = Synthetic.ArProcess([0.5], 5000, seed: 1);
        var b = Synthetic.ArProcess([-0.5], 5000, seed: 2);
        var values = new float[a.Length * 2];
        for (var t = 0; t < a.Length; t++)
        {
            values[t * 2] = a.Values[t];
            values[(t * 2) + 1] = b.Values[t];
        }

        var two = new TrainingSeries("s", ["a", "b"], values, a.Timestamps);
        var model = ArpFitter.Fit([two], Normalization.Fit([two]), order: 1);
        Assert.Equal(0.5, model.Coefficients[0][0], 0.05);
        Assert.Equal(-0.5, model.Coefficients[1][0], 0.05);
    }

    [Fact]
    public void A_constant_channel_is_fitted_without_dividing_by_zero()
    {
        var series = new TrainingSeries("s", ["flat"], Enumerable.Repeat(3f, 100).ToArray(), Enumerable.Range(0, 100).Select(i => Synthetic.T0.AddMinutes(i)).ToArray());
        var normalization = Normalization.Fit([series]);
        Assert.Equal(1f, normalization.Std[0]);
        var model = ArpFitter.Fit([series], normalization, order: 2);
        Assert.All(model.Coefficients[0], c => Assert.True(double.IsFinite(c)));
    }

    [Fact]
    public void Too_little_data_for_the_order_is_a_clear_error()
    {
        var series = Synthetic.ArProcess([0.5], 3);
        var ex = Assert.Throws<ArgumentException>(() => ArpFitter.Fit([series], new Normalization([0f], [1f]), order: 4));
        Assert.Contains("AR(4)", ex.Message);
    }

    [Fact]
    public void The_scorer_scores_normal_windows_near_one_and_a_spike_far_above()
    {
        var series = Synthetic.ArProcess([0.7], 10_000);
        var normalization = Normalization.Fit([series]);
        var model = ArpFitter.Fit([series], normalization, order: 2);
        using var scorer = new ArpScorer(new ModelDescriptor("m", "v", ArpBundle.Kind, 32, ["value"]), model, normalization);

        var normal = scorer.Score(series.Windows(32, 32).ToList());
        Assert.InRange(normal.Average(s => s.Score), 0.8, 1.2);

        var spiked = (float[])series.Values.Clone();
        spiked[5000] += 20 * normalization.Std[0];
        var withSpike = new TrainingSeries("s", ["value"], spiked, series.Timestamps).Slice(4990, 32).Windows(32, 1).Single();
        var score = scorer.Score([withSpike])[0];
        Assert.True(score.Score > 10, $"spike score {score.Score}");
        Assert.Equal(score.Score, score.ChannelErrors[0], 5);
    }
}
