namespace StreamAE.Core.Alerts;

/// <summary>
/// The state of one sensor's open episode, so a restarted (or taken-over) detector can continue it and close it with
/// the same episode id. See <see cref="AlertEpisodeTracker.Export"/> and <see cref="AlertEpisodeTracker.Restore"/>.
/// </summary>
/// <param name="PeakCapped">The peak score was capped by the score guard (absent in older checkpoints: false).</param>
public sealed record EpisodeSnapshot(
    string SensorId,
    string EpisodeId,
    DateTimeOffset Start,
    double PeakScore,
    float[] PeakChannelErrors,
    int AnomalousWindows,
    int NormalStreak,
    bool PeakCapped = false);
