using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Json;

/// <summary>A parsed reading, or why the record is bad.</summary>
public readonly record struct ReadingParseResult(Reading? Reading, SkipReason Reason, string? Error)
{
    public bool Success => Reading is not null;

    public static ReadingParseResult Ok(Reading reading) => new(reading, default, null);

    public static ReadingParseResult Fail(SkipReason reason, string error) => new(null, reason, error);
}
