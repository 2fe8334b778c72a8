using System.Text.Json;
using StreamAE.Core.Alerts;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// Everything kept for one sensor, in one piece, so it is checkpointed once and restored once: where its window stands in
/// the source, its open alert episode, and the state of the stages beside the pipeline (<see cref="ISensorStateOwner"/>,
/// by name).
/// </summary>
public sealed record SensorSnapshot(
    string SensorId,
    WindowResumePoint Window,
    EpisodeSnapshot? Episode,
    IReadOnlyDictionary<string, JsonElement>? Extensions = null);
