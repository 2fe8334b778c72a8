using System.Diagnostics;
using StreamAE.Evaluation.Detectors;
using StreamAE.Evaluation.Running;
using StreamAE.Models.Thresholds;

namespace StreamAE.Evaluation.Nab;

/// <summary>
/// Runs a detector over the NAB corpus as NAB intends: per file, train on the probationary prefix only, then stream
/// every row through the pipeline; a detection is an alert episode opening. Scores all three profiles, and the oracle.
/// </summary>
public static class NabEvaluation
{
    public static NabDetectorResult Run(
        IDetector detector,
        IReadOnlyList<NabSeries> corpus,
        DetectorSettings settings,
        int cooldownWindows,
        Action<NabSeries>? onFileDone = null,
        int parallelism = 1)
    {
        var clock = Stopwatch.StartNew();
        var files = new NabFileResult[corpus.Count];
        Parallel.For(0, corpus.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i =>
        {
            var series = corpus[i];
            using var model = DetectorTrainer.Train(detector, [series.ProbationaryPrefix()], settings);
            var run = CausalRunner.Run(series.AsSeries(), model, cooldownWindows);
            files[i] = new NabFileResult(series, run, ScoreAll(series, run.OpenRows.ToArray()));
            onFileDone?.Invoke(series);
        });

        var profiles = NabProfile.All.Select(p =>
        {
            var scores = files.Select(f => f.Scores[p.Name]).ToList();
            var (oracleScore, oracleThreshold) = Oracle(files, p, cooldownWindows);
            return new NabProfileResult(
                p.Name,
                NabScorer.NormalizedCorpusScore(scores, p),
                scores.Sum(s => s.DetectedWindows),
                scores.Sum(s => s.Windows),
                scores.Sum(s => s.FalsePositives),
                oracleScore,
                oracleThreshold);
        }).ToArray();

        var byCategory = files.GroupBy(f => f.Series.Category)
            .Where(g => g.Sum(f => f.Series.Windows.Count) > 0)
            .ToDictionary(g => g.Key, g => NabScorer.NormalizedCorpusScore(g.Select(f => f.Scores[NabProfile.Standard.Name]), NabProfile.Standard));
        return new NabDetectorResult(detector.Name, profiles, byCategory, files, clock.Elapsed);
    }

    public static Dictionary<string, NabFileScore> ScoreAll(NabSeries series, IReadOnlyCollection<int> detections) =>
        NabProfile.All.ToDictionary(p => p.Name, p => NabScorer.ScoreFile(series.Rows, series.Windows, detections, p));

    /// <summary>
    /// NAB's optimiser, with the labels: one threshold for the whole corpus, swept over quantiles of all scored rows'
    /// scores, episodes re-derived from the stored scores. The result is an upper bound, never a headline.
    /// </summary>
    public static (double Score, double Threshold) Oracle(IReadOnlyList<NabFileResult> files, NabProfile profile, int cooldownWindows)
    {
        var pooled = files.SelectMany(f => f.Run.Scores.Skip(f.Series.ProbationaryRows)).Where(double.IsFinite).ToArray();
        if (pooled.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        Array.Sort(pooled);
        var candidates = new SortedSet<double>();
        for (var x = 0.5; x <= 5.0001; x += 0.1)
        {
            candidates.Add(ThresholdCalibrator.Quantile(pooled, 1 - Math.Pow(10, -x)));
        }

        var best = (Score: double.NegativeInfinity, Threshold: double.NaN);
        foreach (var threshold in candidates)
        {
            var scores = files.Select(f => NabScorer.ScoreFile(
                f.Series.Rows,
                f.Series.Windows,
                EpisodeReplay.Episodes(f.Run.Scores, threshold, cooldownWindows).Select(e => e.OpenRow).ToArray(),
                profile));
            var normalized = NabScorer.NormalizedCorpusScore(scores, profile);
            if (normalized > best.Score)
            {
                best = (normalized, threshold);
            }
        }

        return best;
    }
}
