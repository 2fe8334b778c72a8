namespace StreamAE.Core.Domain;

/// <summary>
/// The anomaly score of one window, plus each channel's share of it. Larger is more anomalous;
/// scores are normalised by the model so that training data scores around 1.
/// </summary>
public sealed record WindowScore(SensorWindow Window, double Score, float[] ChannelErrors)
{
    /// <summary>
    /// The model's score was not a finite number below <see cref="Scoring.ScoreGuard.MaxScore"/> (extreme readings overflow
    /// it): <see cref="Score"/> holds that cap instead, so the window counts as anomalous with a score that can be
    /// compared, averaged and serialised.
    /// </summary>
    public bool Capped { get; init; }
}
