using System.Text.Json;
using System.Text.Json.Serialization;
using StreamAE.Core.Domain;

namespace StreamAE.Connectors.Json;

/// <summary>The JSON form of an alert, shared by the JSONL file sink and the Kafka alert sink.</summary>
public static class AlertJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // A model can score a window +∞ or NaN (an absurd reading); the alert must still be written, not crash the sink.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static byte[] Serialize(Alert alert) => JsonSerializer.SerializeToUtf8Bytes(alert, Options);

    public static Alert? Deserialize(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<Alert>(utf8, Options);
}
