using StreamAE.Core.Alerts;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// Everything the pipeline keeps for one sensor, in one piece, so it is checkpointed once and restored once: where
/// its window stands in the source, and its open alert episode.
/// </summary>
public sealed record SensorSnapshot(string SensorId, WindowResumePoint Window, EpisodeSnapshot? Episode);
