using System.Text.Json;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// Per-sensor state kept by a stage beside the pipeline's own (drift checks on the scored batches, for example), so that
/// it is checkpointed, restored and forgotten with the sensor in one <see cref="SensorSnapshot"/>. Called on the
/// pipeline's thread at consistent points only (no batch in flight).
/// </summary>
public interface ISensorStateOwner
{
    /// <summary>The state's key in <see cref="SensorSnapshot.Extensions"/>.</summary>
    string Name { get; }

    /// <summary>The sensor's state as JSON, or null when it has none.</summary>
    JsonElement? Export(string sensorId);

    void Restore(string sensorId, JsonElement state);

    void Forget(string sensorId);
}
