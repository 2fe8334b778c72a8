using System.Globalization;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Observability;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// The input checks every reading passes before it is windowed, whatever its source (file or Kafka): the one place
/// that decides whether a parsed reading is acceptable. A rejected reading is reported as bad input with its reason
/// (file: skipped and logged; Kafka: dead-lettered with the reason in a header).
/// </summary>
/// <remarks>
/// Sensor ids: at most <see cref="InputLimits.MaxSensorIdLength"/> characters of any script; control characters
/// (newlines, NUL, escape…), format characters (zero-width, bidi overrides, BOM) and broken UTF-16 are refused, so an
/// id can neither forge log lines nor look like another. Timestamps: at most <see cref="InputLimits.MaxFutureSkew"/>
/// ahead of the clock; old timestamps are accepted (on a sensor already seen they are out of order and skipped).
/// </remarks>
public sealed class ReadingValidator(InputLimits limits, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public InputLimits Limits => limits;

    /// <summary>Null when the reading may be windowed for a model of <paramref name="modelChannels"/> channels; else why not.</summary>
    public (SkipReason Reason, string Detail)? Check(Reading reading, int modelChannels)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (CheckSensorId(reading.SensorId) is { } idProblem)
        {
            return (SkipReason.BadSensorId, idProblem);
        }

        if (reading.Channels > limits.MaxChannels)
        {
            return (SkipReason.TooLarge, $"sensor '{reading.SensorId}' sent {reading.Channels} channels; Limits:MaxChannels is {limits.MaxChannels}");
        }

        if (reading.Channels != modelChannels)
        {
            return (SkipReason.WrongColumnCount, $"sensor '{reading.SensorId}' sent {reading.Channels} channel(s); the model expects {modelChannels}");
        }

        var latest = _time.GetUtcNow() + limits.MaxFutureSkew;
        if (reading.Timestamp > latest)
        {
            return (SkipReason.FutureTimestamp, string.Create(
                CultureInfo.InvariantCulture,
                $"sensor '{reading.SensorId}' timestamp {reading.Timestamp:O} is more than Limits:MaxFutureSkew ({limits.MaxFutureSkew}) ahead of the clock ({_time.GetUtcNow():O})"));
        }

        return null;
    }

    /// <summary>Why <paramref name="sensorId"/> is not acceptable, or null.</summary>
    public string? CheckSensorId(string sensorId)
    {
        ArgumentNullException.ThrowIfNull(sensorId);
        if (sensorId.Length > limits.MaxSensorIdLength)
        {
            return $"sensor id of {sensorId.Length} characters is over Limits:MaxSensorIdLength ({limits.MaxSensorIdLength}): '{SensorIdDisplay.Shorten(sensorId)}'";
        }

        for (var i = 0; i < sensorId.Length; i++)
        {
            var c = sensorId[i];
            if (char.IsHighSurrogate(c) && i + 1 < sensorId.Length && char.IsLowSurrogate(sensorId[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"sensor id has a broken UTF-16 surrogate at character {i}: '{SensorIdDisplay.Shorten(sensorId)}'";
            }

            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return string.Create(CultureInfo.InvariantCulture, $"sensor id has a control or format character U+{(int)c:X4} at character {i}: '{SensorIdDisplay.Shorten(sensorId)}'");
            }
        }

        return null;
    }
}
