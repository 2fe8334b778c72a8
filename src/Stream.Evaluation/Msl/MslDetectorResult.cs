namespace StreamAE.Evaluation.Msl;

/// <summary>A detector's MSL results over all channels: event-wise per cool-down, point-wise, PR-AUC (pooled rows).</summary>
public sealed record MslDetectorResult(
    string Detector,
    IReadOnlyList<MslCooldownResult> Cooldowns,
    EventCounts Points,
    double PrAuc,
    IReadOnlyList<MslChannelResult> Channels,
    TimeSpan Elapsed);
