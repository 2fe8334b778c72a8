using System.Text.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Json;

/// <summary>Parses one JSON reading (an NDJSON line or a Kafka message value) with configurable field names.</summary>
public sealed class ReadingJsonParser(ReadingJsonFormat format)
{
    public ReadingJsonFormat Format => format;

    public ReadingParseResult Parse(ReadOnlySpan<byte> utf8, string? fallbackSensorId = null)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            return Parse(document.RootElement, fallbackSensorId);
        }
        catch (JsonException ex)
        {
            return ReadingParseResult.Fail(SkipReason.Malformed, $"not valid JSON: {ex.Message}");
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
            sensor = sensorElement.ValueKind == JsonValueKind.String ? sensorElement.GetString() : sensorElement.GetRawText();
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
            return ReadingParseResult.Fail(SkipReason.BadTimestamp, $"'{format.TimestampField}' is not a timestamp: {tsElement.GetRawText()}");
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
                error = $"value {i} is not a number: {item.GetRawText()}";
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
                    error = $"channel '{property.Name}' is not one of [{string.Join(", ", names)}]";
                    return null;
                }

                if (!TryReadNumber(property.Value, out values[index]))
                {
                    error = $"value of '{property.Name}' is not a number: {property.Value.GetRawText()}";
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
                error = $"value of '{property.Name}' is not a number: {property.Value.GetRawText()}";
                return null;
            }

            list.Add(v);
        }

        return list.Count > 0 ? list.ToArray() : null;
    }

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
