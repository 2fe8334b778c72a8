namespace StreamAE.Evaluation.Msl;

/// <summary>Event-wise results when episodes close after <see cref="CooldownWindows"/> normal windows (a longer cool-down merges nearby detections).</summary>
public sealed record MslCooldownResult(int CooldownWindows, EventCounts Events, double MeanDelayRows);
