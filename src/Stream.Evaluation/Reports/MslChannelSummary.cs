using StreamAE.Evaluation.Msl;

namespace StreamAE.Evaluation.Reports;

/// <summary>One channel's event counts at the first (strictest) cool-down.</summary>
public sealed record MslChannelSummary(string Channel, int Events, EventCounts Counts, double Threshold);
