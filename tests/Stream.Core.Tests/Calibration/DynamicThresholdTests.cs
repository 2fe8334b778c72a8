using StreamAE.Core.Calibration;

namespace StreamAE.Core.Tests.Calibration;

public class DynamicThresholdTests
{
    private static readonly DynamicThresholdOptions Defaults = new();

    private static double[] Run(DynamicThreshold threshold, double[] scores, int first = 0) =>
        scores.Select((s, i) => threshold.Next(CalibrationData.Window("s", first + i, s))).ToArray();

    [Fact]
    public void A_clear_sustained_rise_is_flagged_after_learning_and_noise_is_not()
    {
        var scores = CalibrationData.Noise(2000);
        for (var i = 1500; i < 1560; i++)
        {
            scores[i] = 30;
        }

        var threshold = new DynamicThreshold(Defaults, "v1");
        var values = Run(threshold, scores);

        Assert.All(values[..(Defaults.LearningWindows - 1)], v => Assert.Equal(0, v));
        Assert.DoesNotContain(values[Defaults.LearningWindows..1500], v => v > 0.5);
        Assert.Contains(values[1500..1560], v => v > 0.5);
        Assert.True(threshold.Epsilon > 0);
    }

    [Fact]
    public void A_bump_barely_above_the_highest_normal_error_is_pruned()
    {
        // A flat history: ε sits just above its level and the highest normal error is that level; a 5 % rise is
        // above ε but not 13 % above the normal peak, so it is pruned; a 50 % rise counts.
        var threshold = new DynamicThreshold(new DynamicThresholdOptions { SmoothingSpan = 1 }, "v1");
        Run(threshold, Enumerable.Repeat(1.0, 200).ToArray());

        Assert.True(threshold.Next(CalibrationData.Window("s", 200, 1.05)) <= 0.5);
        Assert.True(threshold.Next(CalibrationData.Window("s", 201, 1.5)) > 0.5);
    }

    [Fact]
    public void Export_then_restore_continues_exactly_as_the_uninterrupted_sensor()
    {
        var scores = CalibrationData.Noise(1500, seed: 3);
        for (var i = 1200; i < 1230; i++)
        {
            scores[i] = 20;
        }

        var uninterrupted = Run(new DynamicThreshold(Defaults, "v1"), scores);
        var first = new DynamicThreshold(Defaults, "v1");
        var before = Run(first, scores[..777]);
        var second = DynamicThreshold.From((DynamicThresholdState)first.Export(), Defaults);
        Assert.NotNull(second);
        var after = Run(second, scores[777..], 777);

        Assert.Equal(uninterrupted, before.Concat(after));
    }

    [Fact]
    public void Non_finite_scores_give_1_and_leave_the_history_alone()
    {
        var scores = CalibrationData.Noise(300);
        var clean = Run(new DynamicThreshold(Defaults, "v1"), scores);
        var threshold = new DynamicThreshold(Defaults, "v1");
        Assert.Equal(1.0, threshold.Next(CalibrationData.Window("s", -5, double.NaN)));
        Assert.Equal(clean, Run(threshold, scores));
    }
}
