using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamAE.Core.Pipeline;

/// <summary>An <see cref="ISensorStateOwner"/> over a component whose per-sensor state is a plain record.</summary>
public sealed class SensorStateOwner<TState>(string name, Func<string, TState?> export, Action<string, TState> restore, Func<string, bool> forget) : ISensorStateOwner
    where TState : class
{
    // Named literals: a non-finite statistic must never make a checkpoint unwritable.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Name => name;

    public JsonElement? Export(string sensorId) => export(sensorId) is { } state ? JsonSerializer.SerializeToElement(state, Json) : null;

    public void Restore(string sensorId, JsonElement state)
    {
        try
        {
            if (state.Deserialize<TState>(Json) is { } restored)
            {
                restore(sensorId, restored);
            }
        }
        catch (JsonException)
        {
            // A state of another layout: the component starts the sensor afresh.
        }
    }

    public void Forget(string sensorId) => forget(sensorId);
}
