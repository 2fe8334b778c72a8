using StreamAE.Evaluation.Nab;

namespace StreamAE.Evaluation.Tests;

public sealed class NabThresholdSweepTests
{
    private static NabSeries Series(string name, int rows, params NabWindow[] windows) =>
        new("cat", name, Enumerable.Range(0, rows).Select(i => TinyData.T0.AddMinutes(5 * i)).ToArray(), new float[rows], windows);

    /// <summary>Scores in [0, 1) from a fixed seed, with a few high ones placed by hand.</summary>
    private static double[] Scores(int rows, int seed, params (int Row, double Score)[] high)
    {
        var random = new Random(seed);
        var scores = Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 0.5).ToArray();
        foreach (var (row, score) in high)
        {
            scores[row] = score;
        }

        return scores;
    }

    public static TheoryData<string> Profiles() => new(NabProfile.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_sweep_finds_the_best_corpus_threshold_and_its_score_equals_the_scorer_at_that_threshold(string profileName)
    {
        var profile = NabProfile.All.Single(p => p.Name == profileName);
        (NabSeries, double[])[] corpus =
        [
            (Series("a", 1000, new NabWindow(300, 399), new NabWindow(700, 749)), Scores(1000, 1, (310, 0.9), (320, 0.95), (500, 0.8), (720, 0.7), (760, 0.85), (100, 0.99))),
            (Series("b", 600, new NabWindow(400, 459)), Scores(600, 2, (380, 0.6), (405, 0.75), (550, 0.9))),
        ];
        double Corpus(double threshold) => NabScorer.NormalizedCorpusScore(
            corpus.Select(f => NabScorer.ScoreFile(f.Item1.Rows, f.Item1.Windows, NabThresholdSweep.Detections(f.Item2, f.Item1.ProbationaryRows, threshold), profile)),
            profile);

        var best = NabThresholdSweep.Best(corpus, profile);

        // Brute force over every distinct score (and "nothing detected") with the plain scorer gives the same optimum.
        var candidates = corpus.SelectMany(f => f.Item2).Append(NabThresholdSweep.NothingDetected).Distinct().ToArray();
        var bruteForce = candidates.Max(Corpus);
        var windows = corpus.Sum(f => f.Item1.Windows.Count);
        Assert.Equal(bruteForce, NabScorer.Normalize(best.RawScore, windows, profile), 9);
        Assert.Equal(bruteForce, Corpus(best.Threshold), 9);
        // Row 100 is in file a's probationary period (150 rows): its 0.99 is never a detection.
        Assert.True(best.Threshold <= 0.95);
    }

    [Fact]
    public void A_hand_computed_case()
    {
        // One file, 1000 rows (probation 150), one window [400, 499]. Rows 450 (0.9) and 800 (0.8) score high.
        var series = Series("h", 1000, new NabWindow(400, 499));
        var scores = new double[1000];
        scores[450] = 0.9;
        scores[800] = 0.8;

        var best = NabThresholdSweep.Best([(series, scores)], NabProfile.Standard);

        // At 0.9: TP at 450 → σ(−(499 − 450 + 1)/100)/σ(−1) = σ(−0.5)/σ(−1); at 0.8 a FP 301 rows after a window of
        // 100 rows (y = 301/99 > 3) costs 0.11 more; at 0 every row fires: the 0.9 threshold wins.
        var tp = NabScorer.ScaledSigmoid(-0.5) / NabScorer.ScaledSigmoid(-1);
        Assert.Equal(0.9, best.Threshold);
        Assert.Equal(tp, best.RawScore, 12);
    }
}
