namespace StreamAE.Evaluation.Nab;

/// <summary>
/// A detector's corpus score under one profile: with its thresholds from training rows only (the headline), and with
/// the single corpus-wide threshold NAB's own optimiser would pick using the labels (the oracle).
/// </summary>
public sealed record NabProfileResult(
    string Profile,
    double Score,
    int DetectedWindows,
    int Windows,
    int FalsePositives,
    double OracleScore,
    double OracleThreshold);
