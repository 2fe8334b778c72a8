using StreamAE.Core.IO;

namespace StreamAE.Connectors.Export;

/// <summary>What an export did (counts over all its runs when it was resumed).</summary>
public sealed record ExportResult(
    bool Complete,
    bool LimitReached,
    long Messages,
    long Kept,
    long InEpisodes,
    long OutOfRange,
    long OtherSensors,
    IReadOnlyDictionary<SkipReason, long> Skipped,
    int Files,
    int Sensors,
    long DroppedShortRows,
    int Episodes,
    int EpisodesKeptForDrift,
    bool Resumed)
{
    public long SkippedTotal => Skipped.Values.Sum();
}
