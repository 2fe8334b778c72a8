using System.Diagnostics;
using StreamAE.Evaluation.Detectors;
using StreamAE.Evaluation.Running;

namespace StreamAE.Evaluation.Nab;

/// <summary>
/// Runs a detector over the NAB corpus as NAB intends: per file, train on the probationary prefix only, then stream
/// every row through the pipeline; a detection is an alert episode opening. Scores all three profiles, deployable and
/// (calibrated runs) by NAB's published protocol.
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
            var run = CausalRunner.Run(series.AsSeries(), model, cooldownWindows, settings.Calibration);
            files[i] = new NabFileResult(series, run, ScoreAll(series, run.OpenRows.ToArray()));
            onFileDone?.Invoke(series);
        });

        return Score(detector.Name, files, clock.Elapsed);
    }

    /// <summary>
    /// The same runs judged without calibration: raw scores against each file's threshold from training rows, episodes
    /// re-derived at the cool-down. What <c>/raw</c> gives, without running the detector again.
    /// </summary>
    public static NabDetectorResult Uncalibrated(NabDetectorResult calibrated, int cooldownWindows) =>
        Score(calibrated.Detector + "/raw", calibrated.Files.Select(f =>
        {
            var raw = f.Run.Uncalibrated(cooldownWindows);
            return new NabFileResult(f.Series, raw, ScoreAll(f.Series, raw.OpenRows.ToArray()));
        }).ToArray(), calibrated.Elapsed);

    private static NabDetectorResult Score(string name, NabFileResult[] files, TimeSpan elapsed)
    {
        var calibrated = files.All(f => f.Run.Calibrated);
        var profiles = NabProfile.All.Select(p =>
        {
            var scores = files.Select(f => f.Scores[p.Name]).ToList();
            (double Score, double Threshold, int Detected, int FalsePositives)? published = calibrated ? Published(files, p) : null;
            return new NabProfileResult(
                p.Name,
                NabScorer.NormalizedCorpusScore(scores, p),
                scores.Sum(s => s.DetectedWindows),
                scores.Sum(s => s.Windows),
                scores.Sum(s => s.FalsePositives),
                published?.Score ?? double.NaN,
                published?.Threshold ?? double.NaN,
                published?.Detected ?? 0,
                published?.FalsePositives ?? 0);
        }).ToArray();

        var byCategory = files.GroupBy(f => f.Series.Category)
            .Where(g => g.Sum(f => f.Series.Windows.Count) > 0)
            .ToDictionary(g => g.Key, g => NabScorer.NormalizedCorpusScore(g.Select(f => f.Scores[NabProfile.Standard.Name]), NabProfile.Standard));
        return new NabDetectorResult(name, profiles, byCategory, files, elapsed);
    }

    public static Dictionary<string, NabFileScore> ScoreAll(NabSeries series, IReadOnlyCollection<int> detections) =>
        NabProfile.All.ToDictionary(p => p.Name, p => NabScorer.ScoreFile(series.Rows, series.Windows, detections, p));

    /// <summary>
    /// NAB's published protocol: each row's calibrated value is its anomaly score, one threshold for the whole corpus is
    /// chosen by NAB's optimiser (<see cref="NabThresholdSweep"/>), and every row at or above it is a detection.
    /// The score is recomputed per file with <see cref="NabScorer"/> at that threshold (it equals the sweep's).
    /// </summary>
    public static (double Score, double Threshold, int Detected, int FalsePositives) Published(IReadOnlyList<NabFileResult> files, NabProfile profile)
    {
        var best = NabThresholdSweep.Best(files.Select(f => (f.Series, f.Run.Scores)).ToArray(), profile);
        var scores = files.Select(f => NabScorer.ScoreFile(
            f.Series.Rows,
            f.Series.Windows,
            NabThresholdSweep.Detections(f.Run.Scores, f.Series.ProbationaryRows, best.Threshold),
            profile)).ToList();
        return (NabScorer.NormalizedCorpusScore(scores, profile), best.Threshold, scores.Sum(s => s.DetectedWindows), scores.Sum(s => s.FalsePositives));
    }
}
