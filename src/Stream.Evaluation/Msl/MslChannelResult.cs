using StreamAE.Evaluation.Running;

namespace StreamAE.Evaluation.Msl;

/// <summary>A detector's run on one MSL channel's test rows (scores indexed by test row) and its labels.</summary>
public sealed record MslChannelResult(MslChannel Channel, SeriesRun Run);
