using StreamAE.Evaluation.Detectors;
using StreamAE.Evaluation.Running;
using StreamAE.Evaluation.Thresholds;

namespace StreamAE.Evaluation.Tests;

public sealed class CausalRunnerTests
{
    private static readonly DetectorSettings Settings = new() { WindowLength = 16, Order = 4, ZScoreWindow = 16 };

    [Theory]
    [InlineData("arp")]
    [InlineData("zscore")]
    public void Spike_opens_an_episode_at_its_row(string detector)
    {
        var series = TinyData.Sine(600, spikeRow: 450);
        using var model = DetectorTrainer.Train(DetectorRegistry.CreateDefault().Get(detector), [series.Slice(0, 300)], Settings);
        var run = CausalRunner.Run(series, model, cooldownWindows: 20, maxBatchSize: 7);

        Assert.All(run.Scores.Take(15), s => Assert.True(double.IsNaN(s)));
        Assert.All(run.Scores.Skip(15), s => Assert.False(double.IsNaN(s)));
        Assert.Contains(run.Episodes, e => e.OpenRow == 450);
        Assert.True(run.Scores[450] > 10 * run.Threshold);
    }

    [Theory]
    [InlineData("arp")]
    [InlineData("online-arp")]
    public void Calibrated_runs_store_values_in_0_1_beside_the_raw_scores_and_replaying_them_gives_the_pipelines_episodes(string detector)
    {
        // Steps in amplitude every 300 rows: each is an excursion the likelihood flags once.
        var sine = TinyData.Sine(2400, seed: 9);
        var values = sine.Values.Select((v, i) => v * (1 + ((i / 300) % 2 * 0.8f))).ToArray();
        var series = new Models.Data.TrainingSeries(sine.SensorId, sine.ChannelNames, values, sine.Timestamps);
        using var model = DetectorTrainer.Train(DetectorRegistry.CreateDefault().Get(detector), [series.Slice(0, 280)], Settings);
        var run = CausalRunner.Run(series, model, cooldownWindows: 8, Core.Calibration.CalibrationOptions.Default);

        Assert.True(run.Calibrated);
        Assert.Equal(0.5, run.Threshold);
        Assert.Equal(model.Threshold.Overall, run.RawThreshold);
        Assert.All(run.Scores.Skip(15), v => Assert.InRange(v, 0, 1));
        Assert.All(run.RawScores.Skip(15), v => Assert.True(v >= 0));
        Assert.True(run.Episodes.Count >= 2);
        Assert.Equal(run.Episodes, EpisodeReplay.Episodes(run.Scores, run.Threshold, 8));
        Assert.Equal(EpisodeReplay.Episodes(run.RawScores, run.RawThreshold, 8), run.Uncalibrated(8).Episodes);
    }

    [Fact]
    public void Replaying_stored_scores_gives_the_pipelines_episodes()
    {
        var series = TinyData.Sine(800, spikeRow: 500, spike: 3f);
        using var model = DetectorTrainer.Train(new ArpDetector(), [series.Slice(0, 300)], Settings with { Quantile = 0.9 });
        var run = CausalRunner.Run(series, model, cooldownWindows: 5);

        Assert.True(run.Episodes.Count > 2);
        Assert.Equal(run.Episodes, EpisodeReplay.Episodes(run.Scores, run.Threshold, 5));
    }

    [Fact]
    public void A_row_is_scored_from_its_past_only()
    {
        var series = TinyData.Sine(400);
        var changed = TinyData.Sine(400);
        changed.Values[300] += 50f; // a change in the future of rows < 300
        using var model = DetectorTrainer.Train(new ArpDetector(), [series.Slice(0, 200)], Settings);
        var a = CausalRunner.Run(series, model, 10);
        var b = CausalRunner.Run(changed, model, 10);
        Assert.Equal(a.Scores.AsSpan(0, 300).ToArray(), b.Scores.AsSpan(0, 300).ToArray());
        Assert.NotEqual(a.Scores[300], b.Scores[300]);
    }

    [Fact]
    public void Random_detector_is_repeatable_and_uniform()
    {
        var series = TinyData.Sine(2000);
        using var model = DetectorTrainer.Train(new RandomDetector(), [series.Slice(0, 500)], Settings);
        var a = CausalRunner.Run(series, model, 10);
        var b = CausalRunner.Run(series, model, 10);
        Assert.Equal(a.Scores, b.Scores);
        var valid = a.Scores.Where(s => !double.IsNaN(s)).ToArray();
        Assert.InRange(valid.Average(), 0.45, 0.55);
        Assert.InRange(model.Threshold.Overall, 0.98, 1.0);
    }

    [Fact]
    public void Smoothing_damps_a_single_spike_and_pot_sets_a_threshold_above_the_initial_quantile()
    {
        var series = TinyData.Sine(600, spikeRow: 450);
        using var plain = DetectorTrainer.Train(new ArpDetector(), [series.Slice(0, 300)], Settings);
        using var smooth = DetectorTrainer.Train(new ArpDetector(), [series.Slice(0, 300)], Settings with { SmoothingAlpha = 0.2 });
        var p = CausalRunner.Run(series, plain, 10);
        var s = CausalRunner.Run(series, smooth, 10);
        Assert.True(s.Scores[450] < p.Scores[450]);

        using var pot = DetectorTrainer.Train(new ArpDetector(), [series.Slice(0, 300)], Settings with { Threshold = ThresholdMethod.Pot });
        Assert.Equal("pot", pot.Threshold.Method);
        Assert.True(double.IsFinite(pot.Threshold.Overall));
    }

    [Fact]
    public void Pot_falls_back_to_the_quantile_when_training_gives_too_few_scores_for_a_tail()
    {
        using var model = DetectorTrainer.Train(new ArpDetector(), [TinyData.Sine(30)], Settings with { Threshold = ThresholdMethod.Pot });
        Assert.StartsWith("quantile", model.Threshold.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_shorter_than_a_window_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => DetectorTrainer.Train(new ZScoreDetector(), [TinyData.Sine(10)], Settings));
        Assert.Contains("shorter than one window", error.Message, StringComparison.Ordinal);
    }
}
