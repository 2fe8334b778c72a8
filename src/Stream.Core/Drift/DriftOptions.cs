using System.ComponentModel.DataAnnotations;

namespace StreamAE.Core.Drift;

/// <summary>
/// Section "Drift": the label-free checks that tell when the model in service no longer fits a sensor. Two tests run
/// per sensor and per model: a Page-Hinkley test on the score level (the share of windows above the model's held-out
/// 90th percentile, against its own past), and an input check of the readings against the model's training normalisation. The defaults were chosen on synthetic
/// series (see README, "Drift and retraining"), not on an evaluation corpus.
/// </summary>
public sealed class DriftOptions
{
    public const string Section = "Drift";

    /// <summary>Run the drift checks (metrics, readiness detail, drift events).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Page-Hinkley slack δ: how far the share of windows above the model's held-out 90th percentile may rise over
    /// its own mean so far before the test accumulates evidence.
    /// </summary>
    [Range(0.01, 0.89, ErrorMessage = "Drift:ScoreSlack must be between {1} and {2}.")]
    public double ScoreSlack { get; set; } = 0.25;

    /// <summary>Page-Hinkley threshold λ: accumulated excess (in windows) at which score drift is reported.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Drift:ScoreLimit must be between {1} and {2}.")]
    public double ScoreLimit { get; set; } = 60;

    /// <summary>
    /// Input check: drift when a channel's smoothed root-mean-square distance from the training mean exceeds this many
    /// training standard deviations (training data itself sits at 1).
    /// </summary>
    [Range(1.01, 1000, ErrorMessage = "Drift:InputLimit must be between {1} and {2}.")]
    public double InputLimit { get; set; } = 3;

    /// <summary>Input check: windows over which the input's distance from the training mean is smoothed (EWMA span).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Drift:InputSmoothing must be between {1} and {2}.")]
    public int InputSmoothing { get; set; } = 64;

    /// <summary>Kafka topic for drift events; empty = the alerts topic (drift events carry "type": "drift").</summary>
    public string? Topic { get; set; }
}
