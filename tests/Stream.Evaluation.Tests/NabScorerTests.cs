using StreamAE.Evaluation.Nab;

namespace StreamAE.Evaluation.Tests;

public sealed class NabScorerTests
{
    private static readonly NabWindow[] TwoWindows = [new(200, 239), new(600, 699)];

    [Fact]
    public void Probationary_period_is_15_percent_capped_at_750_rows()
    {
        Assert.Equal(15, NabScorer.ProbationaryRows(100));
        Assert.Equal(150, NabScorer.ProbationaryRows(1000));
        Assert.Equal(750, NabScorer.ProbationaryRows(22695));
    }

    [Fact]
    public void Scaled_sigmoid_matches_its_definition()
    {
        Assert.Equal(0.0, NabScorer.ScaledSigmoid(0), 12);
        Assert.Equal((2 / (1 + Math.Exp(-5))) - 1, NabScorer.ScaledSigmoid(-1), 12);
        Assert.Equal(-1.0, NabScorer.ScaledSigmoid(3.01), 12);
        Assert.True(NabScorer.ScaledSigmoid(2.9) > -1.0);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Null_detector_scores_0(string profileName)
    {
        var profile = NabProfile.All.Single(p => p.Name == profileName);
        var file = NabScorer.ScoreFile(1000, TwoWindows, [], profile);
        Assert.Equal(-2 * profile.FalseNegativeWeight, file.Score, 12);
        Assert.Equal(0.0, NabScorer.NormalizedCorpusScore([file], profile), 9);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Perfect_detector_scores_100(string profileName)
    {
        var profile = NabProfile.All.Single(p => p.Name == profileName);
        // Perfect: one detection at the very start of each window, nothing else.
        var file = NabScorer.ScoreFile(1000, TwoWindows, [200, 600], profile);
        Assert.Equal(2 * profile.TruePositiveWeight, file.Score, 12);
        Assert.Equal(100.0, NabScorer.NormalizedCorpusScore([file], profile), 9);
    }

    [Fact]
    public void Hand_computed_case_with_probation_tp_fp_before_and_after_a_window_and_a_miss()
    {
        // 100 rows: rows 0..14 are probationary. Windows [40, 49] (w = 10) and [70, 79] (missed).
        // Detections: 10 (probation, ignored); 20 (before any window: −0.11); 45 (TP: y = −(49 − 45 + 1)/10 = −0.5);
        // 47 (same window, later: ignored); 58 (after [40, 49]: y = |49 − 58|/(10 − 1) = 1, costs 0.11·σ(1)).
        //   σ(−0.5) = 2/(1 + e^−2.5) − 1 = 0.848284; σ(−1) = 0.986614 → TP = 0.859793
        //   σ(1) = 2/(1 + e^5) − 1 = −0.986614 → FP after the window = −0.108528
        //   S = 0.859793 − 0.11 − 0.108528 − 1 (the missed window) = −0.358735
        //   scaled = 100·(S − (−2))/(2 − (−2)) = 41.0316
        var file = NabScorer.ScoreFile(100, [new(40, 49), new(70, 79)], [10, 20, 45, 47, 58], NabProfile.Standard);
        Assert.Equal(-0.358735, file.Score, 5);
        Assert.Equal(1, file.DetectedWindows);
        Assert.Equal(1, file.MissedWindows);
        Assert.Equal(2, file.FalsePositives);
        Assert.Equal(41.0316, NabScorer.NormalizedCorpusScore([file], NabProfile.Standard), 3);
    }

    [Fact]
    public void Earlier_detection_in_a_window_is_worth_more_and_late_is_still_positive()
    {
        var early = NabScorer.ScoreFile(1000, TwoWindows, [200, 600], NabProfile.Standard).Score;
        var late = NabScorer.ScoreFile(1000, TwoWindows, [239, 699], NabProfile.Standard).Score;
        Assert.True(early > late);
        Assert.True(late > 0);
    }

    [Fact]
    public void Low_FN_profile_punishes_misses_twice()
    {
        var standard = NabScorer.ScoreFile(1000, TwoWindows, [200], NabProfile.Standard);
        var lowFn = NabScorer.ScoreFile(1000, TwoWindows, [200], NabProfile.RewardLowFalseNegatives);
        Assert.Equal(standard.Score - 1.0, lowFn.Score, 12);
    }

    [Fact]
    public void Overlapping_or_out_of_range_windows_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => NabScorer.ScoreFile(100, [new(40, 60), new(50, 70)], [], NabProfile.Standard));
        Assert.Throws<ArgumentException>(() => NabScorer.ScoreFile(100, [new(90, 120)], [], NabProfile.Standard));
        Assert.Throws<ArgumentException>(() => NabScorer.Normalize(0, 0, NabProfile.Standard));
    }

    public static TheoryData<string> Profiles() => new(NabProfile.All.Select(p => p.Name));
}
