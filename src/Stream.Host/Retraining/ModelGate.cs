using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;
using StreamAE.Models.Thresholds;

namespace StreamAE.Host.Retraining;

/// <summary>Scores a model on the held-out set and decides, by the <see cref="RetrainPolicy"/>, whether a candidate may replace the served model.</summary>
public static class ModelGate
{
    private const int Batch = 256;

    public static GateFigures Evaluate(ScoringModel model, string path, HoldoutSet holdout)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(holdout);
        var clean = Scores(model, holdout.Clean);
        var spiked = Scores(model, holdout.Spiked);
        var threshold = model.Threshold.Overall;
        var falseAlerts = clean.Length == 0 ? 0 : clean.Count(s => !(s <= threshold)) / (double)clean.Length; // NaN counts as an alert
        var detected = spiked.Length == 0 ? 0 : spiked.Count(s => !(s <= threshold)) / (double)spiked.Length;
        var d = model.Descriptor;
        return new GateFigures(d.Name, d.Version, path, clean.Length, threshold, clean.Length == 0 ? double.NaN : ThresholdCalibrator.Quantile(clean, 0.5), falseAlerts, detected, detected - falseAlerts);
    }

    /// <summary>The reasons the candidate may not replace the served model (none: publish). <paramref name="served"/> is null when nothing is in service.</summary>
    public static IReadOnlyList<string> Objections(GateFigures candidate, GateFigures? served, RetrainPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(policy);
        var reasons = new List<string>();
        if (served is not null && candidate.FalseAlertRate > served.FalseAlertRate + policy.FalseAlertMargin)
        {
            reasons.Add(FormattableString.Invariant($"false-alert rate {candidate.FalseAlertRate:P2} is above the served model's {served.FalseAlertRate:P2} plus the margin {policy.FalseAlertMargin:P1}"));
        }

        if (served is not null && candidate.Separation < served.Separation - policy.SeparationMargin)
        {
            reasons.Add(FormattableString.Invariant($"separation {candidate.Separation:F3} is below the served model's {served.Separation:F3} minus the margin {policy.SeparationMargin:F2}"));
        }

        if (candidate.Separation < policy.MinSeparation)
        {
            reasons.Add(FormattableString.Invariant($"separation {candidate.Separation:F3} is below the floor {policy.MinSeparation:F2} (it tells {candidate.DetectionRate:P1} of spiked windows from normal ones at {candidate.FalseAlertRate:P1} false alerts)"));
        }

        return reasons;
    }

    private static double[] Scores(ScoringModel model, IReadOnlyList<SensorWindow> windows)
    {
        var scores = new double[windows.Count];
        for (var start = 0; start < windows.Count; start += Batch)
        {
            var batch = windows.Skip(start).Take(Batch).ToList();
            var scored = model.Scorer.Score(batch);
            for (var i = 0; i < scored.Count; i++)
            {
                scores[start + i] = scored[i].Score;
            }
        }

        return scores;
    }
}
