using System.Globalization;

namespace StreamAE.Connectors.Json;

public enum NumericTimestampUnit
{
    Seconds,
    Milliseconds,
}

/// <summary>
/// Parses timestamps the way our inputs write them: ISO 8601 or "yyyy-MM-dd HH:mm:ss" (NAB), read as UTC when no
/// offset is given, or a number of seconds/milliseconds since the Unix epoch (NASA's row index <c>t</c> reads as seconds).
/// </summary>
public static class TimestampParser
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd",
    ];

    public static bool TryParse(ReadOnlySpan<char> text, NumericTimestampUnit unit, out DateTimeOffset timestamp)
    {
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return TryFromNumber(number, unit, out timestamp);
        }

        return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
    }

    public static bool TryFromNumber(double number, NumericTimestampUnit unit, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (!double.IsFinite(number))
        {
            return false;
        }

        var ms = unit == NumericTimestampUnit.Seconds ? number * 1000 : number;
        if (ms < -62_135_596_800_000 || ms > 253_402_300_799_000)
        {
            return false;
        }

        timestamp = DateTimeOffset.UnixEpoch.AddTicks((long)(ms * TimeSpan.TicksPerMillisecond));
        return true;
    }
}
