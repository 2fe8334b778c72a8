using System.Text.Json;
using StreamAE.Core.Alerts;
using StreamAE.Core.Calibration;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// Everything kept for one sensor, in one piece, so it is checkpointed once and restored once: where its window stands in
/// the source, its open alert episode, what its calibration and an online scorer learned, and the state of the stages
/// beside the pipeline (<see cref="ISensorStateOwner"/>, by name).
/// </summary>
public sealed record SensorSnapshot(
    string SensorId,
    WindowResumePoint Window,
    EpisodeSnapshot? Episode,
    IReadOnlyDictionary<string, JsonElement>? Extensions = null)
{
    /// <summary>The sensor's calibration state (bounded, see its type), or null.</summary>
    public CalibrationState? Calibration { get; init; }

    /// <summary>What an online scorer (online AR(p)) learned for the sensor, or null.</summary>
    public ScorerSensorState? Scorer { get; init; }
}
