using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests.Calibration;

public class ScoreCalibrationTests
{
    private static readonly ScoringModel V2 = new(new MaxAbsScorer(TestData.Model(windowLength: 4) with { Version = "v2" }), new AnomalyThreshold(3.0));

    [Fact]
    public void Without_calibration_the_raw_score_is_compared_with_the_model_threshold()
    {
        var calibration = new ScoreCalibration(CalibrationOptions.Off);
        var judged = calibration.Calibrate(CalibrationData.Window("s", 0, 3.5), CalibrationData.Model);

        Assert.Equal(new CalibratedScore(3.5, 3.5, 3.0, CalibrationMethod.None), judged);
        Assert.True(judged.IsAnomalous);
        Assert.Null(calibration.Export("s"));
    }

    [Fact]
    public void Each_sensor_learns_alone_and_forget_makes_a_returning_sensor_start_afresh()
    {
        var calibration = new ScoreCalibration(CalibrationOptions.Default);
        var noise = CalibrationData.Noise(150);
        var a = noise.Select((s, i) => calibration.Calibrate(CalibrationData.Window("a", i, s), CalibrationData.Model).Value).ToArray();
        calibration.Calibrate(CalibrationData.Window("b", 0, 1.0), CalibrationData.Model);
        Assert.Equal(2, calibration.TrackedSensors);
        Assert.Equal(150, ((LikelihoodState)calibration.Export("a")!).Windows);
        Assert.Equal(1, ((LikelihoodState)calibration.Export("b")!).Windows);
        Assert.Contains(a, v => v > 0); // learned past its 100 windows

        Assert.True(calibration.Forget("a"));
        Assert.Null(calibration.Export("a"));
        var returning = calibration.Calibrate(CalibrationData.Window("a", 500, 50), CalibrationData.Model);
        Assert.Equal(0, returning.Value); // learning again
        Assert.Equal(1, ((LikelihoodState)calibration.Export("a")!).Windows);
    }

    [Fact]
    public void A_sensor_with_fewer_windows_than_the_calibration_needs_is_judged_normal_whatever_its_scores()
    {
        var calibration = new ScoreCalibration(CalibrationOptions.Default);
        var judged = Enumerable.Range(0, 99).Select(i => calibration.Calibrate(CalibrationData.Window("s", i, i % 7 == 0 ? 1e6 : 1), CalibrationData.Model)).ToArray();

        Assert.All(judged, j => Assert.Equal(0, j.Value));
        Assert.All(judged, j => Assert.False(j.IsAnomalous));
        Assert.All(judged, j => Assert.Equal(0.5, j.Level));
    }

    [Fact]
    public void A_new_model_version_starts_the_sensor_afresh_and_a_restored_state_of_another_method_is_refused()
    {
        var calibration = new ScoreCalibration(CalibrationOptions.Default);
        foreach (var (s, i) in CalibrationData.Noise(120).Select((s, i) => (s, i)))
        {
            calibration.Calibrate(CalibrationData.Window("s", i, s), CalibrationData.Model);
        }

        calibration.Calibrate(CalibrationData.Window("s", 200, 1), V2);
        var state = calibration.Export("s")!;
        Assert.Equal("v2", state.ModelVersion);
        Assert.Equal(1, state.Windows);

        var other = new ScoreCalibration(new CalibrationOptions { Method = CalibrationMethod.DynamicThreshold });
        Assert.False(other.Restore("s", state));
        Assert.Null(other.Export("s"));
        Assert.True(new ScoreCalibration(CalibrationOptions.Default).Restore("s", state));
    }

    [Fact]
    public void Invalid_options_are_reported_by_setting_name()
    {
        var options = new CalibrationOptions { AlertLevel = 1.5, Likelihood = { AveragingWindow = 0, RedZone = 0.01 }, DynamicThreshold = { PruneRatio = 1 } };
        var problems = options.Problems();

        Assert.Contains(problems, p => p.StartsWith("Calibration:AlertLevel", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Calibration:Likelihood:AveragingWindow", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Calibration:Likelihood:RedZone", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Calibration:DynamicThreshold:PruneRatio", StringComparison.Ordinal));
        Assert.Empty(CalibrationOptions.Default.Problems());
    }
}
