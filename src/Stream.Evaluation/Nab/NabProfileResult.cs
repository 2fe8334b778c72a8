namespace StreamAE.Evaluation.Nab;

/// <summary>
/// A detector's corpus score under one profile, two ways. Deployable: alert episodes opened by the fixed alert level
/// (or, uncalibrated, the threshold from training rows) are the detections; no labels anywhere. Published (NAB's
/// protocol, only for calibrated scores): every row's calibrated value is its anomaly score and one threshold for the
/// whole corpus is chosen by NAB's optimiser with the labels; NaN when the run is not calibrated.
/// </summary>
public sealed record NabProfileResult(
    string Profile,
    double Score,
    int DetectedWindows,
    int Windows,
    int FalsePositives,
    double PublishedScore,
    double PublishedThreshold,
    int PublishedDetectedWindows,
    int PublishedFalsePositives);
