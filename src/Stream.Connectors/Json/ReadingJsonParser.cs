using System.Text.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Observability;

namespace StreamAE.Connectors.Json;

/// <summary>
/// Parses one JSON reading (an NDJSON line or a Kafka message value) with configurable field names. Never throws on
/// any input: JSON that is invalid, nested past 64 levels, has a property twice (ambiguous: which sensor?), or strings
/// that are not valid UTF-8/UTF-16 (a lone surrogate escape such as "\ud800") are Malformed. Values quoted in error
/// messages are shortened, so a hostile message cannot make a huge log line or header.
/// </summary>
public sealed class ReadingJsonParser(ReadingJsonFormat format)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    public ReadingJsonFormat Format => format;

    /// <param name="utf8">The message; the document reads it in place (no copy).</param>
    public ReadingParseResult Parse(ReadOnlyMemory<byte> utf8, string? fallbackSensorId = null)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, DocumentOptions);
            return Parse(document.RootElement, fallbackSensorId);
        }
        catch (JsonException ex)
        {
            return ReadingParseResult.Fail(SkipReason.Malformed, $"not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            // Raised when a string is read, e.g. invalid UTF-8 inside a string or a lone surrogate escape.
            return ReadingParseResult.Fail(SkipReason.Malformed, $"unreadable JSON string: {ex.Message}");
        }
    }

    public ReadingParseResult Parse(JsonElement root, string? fallbackSensorId)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ReadingParseResult.Fail(SkipReason.Malformed, "expected a JSON object");
        }

        string? sensor = fallbackSensorId;
        if (root.TryGetProperty(format.SensorField, out var sensorElement))
        {
            sensor = sensorElement.ValueKind switch
            {
                JsonValueKind.String => sensorElement.GetString(),
                JsonValueKind.Number => sensorElement.GetRawText(),
                JsonValueKind.Null => fallbackSensorId,
                _ => null,
            };
            if (sensor is null && sensorElement.ValueKind != JsonValueKind.Null)
            {
                return ReadingParseResult.Fail(SkipReason.Malformed, $"'{format.SensorField}' must be a string or a number, is {Shown(sensorElement)}");
            }
        }

        if (string.IsNullOrWhiteSpace(sensor))
        {
            return ReadingParseResult.Fail(SkipReason.Malformed, $"missing '{format.SensorField}'");
        }

        if (!root.TryGetProperty(format.TimestampField, out var tsElement))
        {
            return ReadingParseResult.Fail(SkipReason.BadTimestamp, $"missing '{format.TimestampField}'");
        }

        DateTimeOffset timestamp = default;
        var parsed = tsElement.ValueKind switch
        {
            JsonValueKind.String => TimestampParser.TryParse(tsElement.GetString(), format.NumericTimestampUnit, out timestamp),
            JsonValueKind.Number => TimestampParser.TryFromNumber(tsElement.GetDouble(), format.NumericTimestampUnit, out timestamp),
            _ => false,
        };
        if (!parsed)
        {
            return ReadingParseResult.Fail(SkipReason.BadTimestamp, $"'{format.TimestampField}' is not a timestamp: {Shown(tsElement)}");
        }

        if (!root.TryGetProperty(format.ValuesField, out var valuesElement))
        {
            return ReadingParseResult.Fail(SkipReason.Malformed, $"missing '{format.ValuesField}'");
        }

        var values = valuesElement.ValueKind switch
        {
            JsonValueKind.Array => ReadArray(valuesElement, out var error) ?? (object?)error,
            JsonValueKind.Object => ReadNamed(valuesElement, out var error) ?? (object?)error,
            JsonValueKind.Number => new[] { valuesElement.GetSingle() },
            _ => $"'{format.ValuesField}' must be an array, an object of named channels or a number",
        };
        if (values is string problem)
        {
            return ReadingParseResult.Fail(problem.StartsWith("channel", StringComparison.Ordinal) ? SkipReason.WrongColumnCount : SkipReason.Malformed, problem);
        }

        var array = (float[])values!;
        for (var i = 0; i < array.Length; i++)
        {
            if (!float.IsFinite(array[i]))
            {
                return ReadingParseResult.Fail(SkipReason.NonFiniteValue, $"value {i} is {array[i]}");
            }
        }

        return ReadingParseResult.Ok(new Reading(sensor, timestamp, array));
    }

    private static float[]? ReadArray(JsonElement element, out string? error)
    {
        error = null;
        var values = new float[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (!TryReadNumber(item, out values[i]))
            {
                error = $"value {i} is not a number: {Shown(item)}";
                return null;
            }

            i++;
        }

        if (values.Length == 0)
        {
            error = "no values";
            return null;
        }

        return values;
    }

    private float[]? ReadNamed(JsonElement element, out string? error)
    {
        error = null;
        if (format.ChannelNames is { } names)
        {
            var values = new float[names.Count];
            var seen = 0;
            foreach (var property in element.EnumerateObject())
            {
                var index = IndexOf(names, property.Name);
                if (index < 0)
                {
                    error = $"channel '{SensorIdDisplay.Shorten(property.Name)}' is not one of [{string.Join(", ", names)}]";
                    return null;
                }

                if (!TryReadNumber(property.Value, out values[index]))
                {
                    error = $"value of '{SensorIdDisplay.Shorten(property.Name)}' is not a number: {Shown(property.Value)}";
                    return null;
                }

                seen++;
            }

            if (seen != names.Count)
            {
                error = $"channels: got {seen}, expected {names.Count} ({string.Join(", ", names)})";
                return null;
            }

            return values;
        }

        var list = new List<float>();
        foreach (var property in element.EnumerateObject())
        {
            if (!TryReadNumber(property.Value, out var v))
            {
                error = $"value of '{SensorIdDisplay.Shorten(property.Name)}' is not a number: {Shown(property.Value)}";
                return null;
            }

            list.Add(v);
        }

        return list.Count > 0 ? list.ToArray() : null;
    }

    /// <summary>A JSON value as quoted in an error message: short, control characters escaped.</summary>
    private static string Shown(JsonElement element) => SensorIdDisplay.Shorten(element.GetRawText());

    private static bool TryNarrow(double number, out float value)
    {
        value = (float)number;
        return true;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    // JSON has no NaN/Infinity literals; producers that write them as strings ("NaN") are read, then rejected as non-finite.
    private static bool TryReadNumber(JsonElement element, out float value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => TryNarrow(element.GetDouble(), out value),
            JsonValueKind.String => float.TryParse(element.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }
}
