namespace StreamAE.Core.Calibration;

/// <summary>
/// A window's raw score and the value that decides whether it is anomalous: the calibrated value in [0, 1] against the
/// alert level, or (method None) the raw score against the model's threshold.
/// </summary>
public readonly record struct CalibratedScore(double Raw, double Value, double Level, CalibrationMethod Method)
{
    public bool IsAnomalous => Value > Level;

    /// <summary>No calibration: the raw score is the compared value.</summary>
    public static CalibratedScore Uncalibrated(double raw, double threshold) => new(raw, raw, threshold, CalibrationMethod.None);
}
