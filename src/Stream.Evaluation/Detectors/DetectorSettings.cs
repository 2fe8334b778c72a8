using StreamAE.Core.Calibration;
using StreamAE.Evaluation.Thresholds;

namespace StreamAE.Evaluation.Detectors;

/// <summary>How detectors are trained and thresholded in an evaluation run. Thresholds always come from training rows only.</summary>
public sealed record DetectorSettings
{
    /// <summary>Window length T for the AR(p), random and autoencoder detectors.</summary>
    public int WindowLength { get; init; } = 32;

    /// <summary>AR order p.</summary>
    public int Order { get; init; } = 8;

    /// <summary>Readings in the rolling z-score's window (the last one is compared with the ones before it).</summary>
    public int ZScoreWindow { get; init; } = 64;

    /// <summary>Fraction at the end of the training rows held out to calibrate the threshold (detectors that fit parameters).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    public ThresholdMethod Threshold { get; init; } = ThresholdMethod.Quantile;

    /// <summary>Quantile of the held-out training scores (quantile method).</summary>
    public double Quantile { get; init; } = 0.995;

    /// <summary>Tail probability of the POT threshold.</summary>
    public double PotRisk { get; init; } = 1e-3;

    /// <summary>Exponential smoothing of each sensor's window scores, 0 &lt; α ≤ 1 (1 = none): s_t = α·x_t + (1 − α)·s_{t−1}.</summary>
    public double SmoothingAlpha { get; init; } = 1.0;

    /// <summary>Rate of the running score level each score is divided by (0 = off); see <see cref="AdaptiveScaleScorer"/>.</summary>
    public double AdaptiveRate { get; init; }

    /// <summary>Autoencoders: the score averages the last k window steps (0 = all T), in training calibration and scoring alike.</summary>
    public int ScoredSteps { get; init; }

    /// <summary>
    /// Per-sensor calibration of the window scores, as in the service (default: the anomaly likelihood at level 0.5).
    /// With <see cref="CalibrationMethod.None"/> the raw score is compared with the threshold from training rows.
    /// </summary>
    public CalibrationOptions Calibration { get; init; } = CalibrationOptions.Default;

    /// <summary>Seed of the random baseline.</summary>
    public int Seed { get; init; } = 42;
}
