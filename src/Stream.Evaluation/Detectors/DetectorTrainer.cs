using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;
using StreamAE.Evaluation.Thresholds;
using StreamAE.Models.Data;
using StreamAE.Models.Thresholds;

namespace StreamAE.Evaluation.Detectors;

/// <summary>A detector ready to run: its scorer (smoothed if asked) and a threshold set from training scores only.</summary>
public static class DetectorTrainer
{
    public static ScoringModel Train(IDetector detector, IReadOnlyList<TrainingSeries> train, DetectorSettings settings)
    {
        if (train.Count == 0 || train.All(s => s.Length == 0))
        {
            throw new ArgumentException($"{detector.Name}: no training rows.", nameof(train));
        }

        var fitted = detector.Fit(train, settings);
        var windowLength = fitted.Scorer.Model.WindowLength;
        var calibrationScorer = Wrap(fitted.Scorer, settings, ownsInner: false);
        var scores = new List<WindowScore>();
        foreach (var s in fitted.Calibration)
        {
            var windows = s.Windows(windowLength, 1).ToList();
            if (windows.Count > 0)
            {
                scores.AddRange(calibrationScorer.Score(windows));
            }
        }

        // An online scorer learned from the calibration rows; the run starts it afresh on the same series.
        if (fitted.Scorer is IOnlineScorer online)
        {
            foreach (var s in fitted.Calibration)
            {
                online.Forget(s.SensorId);
            }
        }

        if (scores.Count == 0)
        {
            throw new ArgumentException($"{detector.Name}: the training rows are shorter than one window of {windowLength}.", nameof(train));
        }

        // A tail fit needs a tail: with very few held-out windows (a short NAB prefix) POT falls back to the quantile.
        var threshold = settings.Threshold == ThresholdMethod.Pot && scores.Count >= PotThreshold.MinScores
            ? new AnomalyThreshold(PotThreshold.From(scores.Select(s => s.Score).ToArray(), settings.PotRisk), null, "pot")
            : ThresholdCalibrator.FromScores(scores, settings.Quantile);
        return new ScoringModel(Wrap(fitted.Scorer, settings, ownsInner: true), threshold);
    }

    /// <summary>Adaptive scaling first (on raw scores), then smoothing; each wrapper disposes what it wraps only for the run.</summary>
    private static IWindowScorer Wrap(IWindowScorer scorer, DetectorSettings settings, bool ownsInner)
    {
        var owns = ownsInner;
        if (settings.AdaptiveRate > 0)
        {
            scorer = new AdaptiveScaleScorer(scorer, settings.AdaptiveRate, owns);
            owns = true;
        }

        return settings.SmoothingAlpha < 1.0 ? new SmoothedScorer(scorer, settings.SmoothingAlpha, owns) : scorer;
    }
}
