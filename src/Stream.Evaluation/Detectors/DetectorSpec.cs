using System.Globalization;
using StreamAE.Core.Calibration;
using StreamAE.Evaluation.Thresholds;

namespace StreamAE.Evaluation.Detectors;

/// <summary>
/// A detector with its settings, parsed from <c>name[/modifier...]</c>: <c>raw</c> (no calibration: raw scores against
/// the threshold from training rows), <c>dt</c> (dynamic threshold calibration), <c>norange</c> (likelihood without the novel-range rule),
/// <c>log</c> (likelihood fitted on the log of the averages), <c>pot</c> (POT threshold), <c>risk1e-4</c> (POT with that tail probability), <c>q0.999</c>
/// (quantile), <c>ewma0.3</c> (score smoothing α), <c>adapt0.01</c> (divide by a running score level), <c>w64</c> (window length; for zscore its rolling window), <c>p16</c> (AR order), <c>last4</c> (autoencoders: score the last 4 window steps).
/// Each variant is evaluated and reported under its full spec, e.g. <c>arp/pot/ewma0.3</c>.
/// </summary>
public sealed record DetectorSpec(string Name, IDetector Detector, DetectorSettings Settings)
{
    /// <summary>A name safe for file paths (NAB results layout, plot files).</summary>
    public string FileName => Name.Replace('/', '_').Replace('.', '_');

    public static DetectorSpec Parse(string spec, DetectorRegistry registry, DetectorSettings defaults)
    {
        var parts = spec.Trim().Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new ArgumentException("Empty detector spec.", nameof(spec));
        }

        var detector = registry.Get(parts[0]);
        var settings = defaults;
        foreach (var modifier in parts.Skip(1))
        {
            settings = modifier switch
            {
                "pot" => settings with { Threshold = ThresholdMethod.Pot },
                "raw" => settings with { Calibration = CalibrationOptions.Off },
                "dt" => settings with { Calibration = new CalibrationOptions { Method = CalibrationMethod.DynamicThreshold } },
                "norange" => settings with { Calibration = WithLikelihood(settings.Calibration, l => l.RangeTolerance = 0) },
                "log" => settings with { Calibration = WithLikelihood(settings.Calibration, l => l.LogScale = true) },
                _ when modifier.StartsWith("risk", StringComparison.Ordinal) => settings with { PotRisk = Number(spec, modifier, 4, 1e-9, 0.5), Threshold = ThresholdMethod.Pot },
                _ when modifier.StartsWith("last", StringComparison.Ordinal) => detector.ScoresLastSteps
                    ? settings with { ScoredSteps = (int)Number(spec, modifier, 4, 1, 4096, integer: true) }
                    : throw new ArgumentException($"Detector spec '{spec}': '{modifier}' (score the last k window steps) applies to the autoencoders only, not to '{detector.Name}'.", nameof(spec)),
                _ when modifier.StartsWith("adapt", StringComparison.Ordinal) => settings with { AdaptiveRate = Number(spec, modifier, 5, 1e-6, 1) },
                _ when modifier.StartsWith("ewma", StringComparison.Ordinal) => settings with { SmoothingAlpha = Number(spec, modifier, 4, 1e-6, 1) },
                _ when modifier.StartsWith('q') => settings with { Quantile = Number(spec, modifier, 1, 0.5, 1), Threshold = ThresholdMethod.Quantile },
                _ when modifier.StartsWith('w') => detector.Name == "zscore"
                    ? settings with { ZScoreWindow = (int)Number(spec, modifier, 1, 3, 4096) }
                    : settings with { WindowLength = (int)Number(spec, modifier, 1, 2, 4096) },
                _ when modifier.StartsWith('p') => settings with { Order = (int)Number(spec, modifier, 1, 1, 512) },
                _ => throw new ArgumentException($"Detector spec '{spec}': unknown modifier '{modifier}' (known: raw, dt, norange, log, pot, risk<POT tail probability>, q<quantile>, ewma<alpha>, adapt<rate>, w<window>, p<order>, last<k>).", nameof(spec)),
            };
        }

        return new DetectorSpec(string.Join('/', [detector.Name, .. parts.Skip(1)]), detector, settings);
    }

    /// <summary>A copy of the likelihood calibration with one change (options are mutable for binding, so never share them).</summary>
    private static CalibrationOptions WithLikelihood(CalibrationOptions current, Action<LikelihoodOptions> change)
    {
        var likelihood = new LikelihoodOptions
        {
            AveragingWindow = current.Likelihood.AveragingWindow,
            HistoryWindows = current.Likelihood.HistoryWindows,
            ReestimationPeriod = current.Likelihood.ReestimationPeriod,
            LearningWindows = current.Likelihood.LearningWindows,
            RedZone = current.Likelihood.RedZone,
            YellowZone = current.Likelihood.YellowZone,
            RangeTolerance = current.Likelihood.RangeTolerance,
            LogScale = current.Likelihood.LogScale,
        };
        change(likelihood);
        return new CalibrationOptions { Method = CalibrationMethod.Likelihood, AlertLevel = current.AlertLevel, Likelihood = likelihood };
    }

    private static double Number(string spec, string modifier, int prefix, double min, double max, bool integer = false)
    {
        if (!double.TryParse(modifier.AsSpan(prefix), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max || (integer && value != Math.Floor(value)))
        {
            throw new ArgumentException($"Detector spec '{spec}': '{modifier}' needs {(integer ? "a whole number" : "a number")} in [{min}, {max}] after '{modifier[..prefix]}'.", nameof(spec));
        }

        return value;
    }
}
