using System.Text.Json;
using StreamAE.Core.Drift;

namespace StreamAE.Connectors.Json;

/// <summary>
/// The JSON form of a drift event (the alert JSON's conventions, plus <c>"type": "drift"</c>), shared by the JSONL
/// file, the console and Kafka. <see cref="IsDrift"/> tells a drift event from an alert on a shared topic or file.
/// </summary>
public static class DriftEventJson
{
    public static byte[] Serialize(DriftEvent drift) => JsonSerializer.SerializeToUtf8Bytes(drift, AlertJson.Options);

    public static DriftEvent? Deserialize(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<DriftEvent>(utf8, AlertJson.Options);

    /// <summary>True when a JSON object on the alerts topic (or in the alerts file) is a drift event, not an alert.</summary>
    public static bool IsDrift(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("drift"u8);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
