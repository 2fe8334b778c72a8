using StreamAE.Evaluation.Msl;

namespace StreamAE.Evaluation.Reports;

public sealed record MslSummary(
    string Detector,
    IReadOnlyList<MslCooldownResult> Cooldowns,
    EventCounts Points,
    double PrAuc,
    IReadOnlyList<MslChannelSummary> Channels,
    double Seconds)
{
    public static MslSummary From(string name, MslDetectorResult result) => new(
        name,
        result.Cooldowns,
        result.Points,
        result.PrAuc,
        result.Channels.Select(c => new MslChannelSummary(
            c.Channel.Name,
            c.Channel.Anomalies.Count,
            DetectionMetrics.EventWise(c.Channel.Anomalies, MslEvaluation.Predicted(c.Run.Scores, c.Run.Threshold, result.Cooldowns[0].CooldownWindows)),
            c.Run.Threshold)).ToArray(),
        result.Elapsed.TotalSeconds);
}
