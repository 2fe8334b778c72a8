using StreamAE.Core.Domain;
using StreamAE.Models.Thresholds;

namespace StreamAE.Models.Tests;

public class ThresholdCalibratorTests
{
    private static WindowScore Score(double s, params float[] channels) =>
        new(new SensorWindow("s", Synthetic.T0, Synthetic.T0, 2, channels.Length, new float[2 * channels.Length]), s, channels);

    [Fact]
    public void Quantile_interpolates_between_order_statistics()
    {
        double[] values = [5, 1, 4, 2, 3];
        Assert.Equal(1, ThresholdCalibrator.Quantile(values, 0));
        Assert.Equal(3, ThresholdCalibrator.Quantile(values, 0.5));
        Assert.Equal(5, ThresholdCalibrator.Quantile(values, 1));
        Assert.Equal(4.6, ThresholdCalibrator.Quantile(values, 0.9), 10);
    }

    [Fact]
    public void The_threshold_lets_about_one_minus_q_of_training_windows_through()
    {
        var random = new Random(3);
        var scores = Enumerable.Range(0, 10_000).Select(_ => Score(Math.Abs(Synthetic.Gaussian(random)), 1f)).ToList();
        var threshold = ThresholdCalibrator.FromScores(scores, 0.99);
        var above = scores.Count(s => threshold.IsAnomalous(s.Score));
        Assert.InRange(above, 90, 110);
        Assert.Equal(2.576, threshold.Overall, 0.1); // |N(0,1)| 99th percentile
        Assert.Equal("quantile:0.99", threshold.Method);
    }

    [Fact]
    public void Per_channel_thresholds_use_each_channels_errors()
    {
        var scores = Enumerable.Range(1, 100).Select(i => Score(i, i, 10 * i)).ToList();
        var threshold = ThresholdCalibrator.FromScores(scores, 0.5);
        Assert.Equal(50.5, threshold.PerChannel![0], 6);
        Assert.Equal(505, threshold.PerChannel[1], 6);
    }

    [Fact]
    public void No_scores_is_a_clear_error()
    {
        Assert.Throws<ArgumentException>(() => ThresholdCalibrator.FromScores([], 0.99));
    }
}
