namespace StreamAE.Core.Drift;

/// <summary>
/// What a model looked like on its own training data, for the drift checks: a score level that counts as high (for a
/// model bundle, the 90th percentile of its held-out window scores), and the per-channel training mean and standard
/// deviation. The score test sees 1 for a window above the level and 0 otherwise, so it is the same for every model
/// kind and score scale; a calibrated probability stream brings its own level (0.9, say).
/// </summary>
/// <param name="ScoreLevel">A score above this counts as high; NaN when unknown (the score test then does not run).</param>
public sealed record DriftReference(double ScoreLevel, float[] InputMean, float[] InputStd)
{
    /// <summary>The quantile of the held-out scores a bundle's reference level is taken from.</summary>
    public const double BundleQuantile = 0.9;

    public bool HasScoreLevel => double.IsFinite(ScoreLevel);
}
