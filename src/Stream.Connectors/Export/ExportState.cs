using System.Text.Json;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Export;

/// <summary>
/// The resume point of an export, kept beside its CSVs (<see cref="FileName"/>): per partition the next offset and
/// the end of its range (fixed at the first run, so a resumed export reads the same range), per sensor where its
/// rows go, per file its length at the last checkpoint, and the counts so far. Written atomically (temporary file,
/// then rename) after the CSVs are flushed, so a crash between checkpoints replays from the last one.
/// </summary>
public sealed class ExportState
{
    public const string FileName = "export-state.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public required string Request { get; init; }

    public bool Complete { get; set; }

    public bool LimitReached { get; set; }

    public Dictionary<int, PartitionRange> Partitions { get; init; } = [];

    public Dictionary<string, SensorFile> Sensors { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> FileLengths { get; init; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> FileRows { get; init; } = new(StringComparer.Ordinal);

    public long Messages { get; set; }

    public long Kept { get; set; }

    public long InEpisodes { get; set; }

    public long OutOfRange { get; set; }

    public long OtherSensors { get; set; }

    public long DroppedShortRows { get; set; }

    public Dictionary<SkipReason, long> Skipped { get; init; } = [];

    public static ExportState? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ExportState>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a readable export state ({ex.Message}); delete it (or use --restart) to export afresh.", ex);
        }
    }

    public void Save(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A partition's range: <see cref="Next"/> is the next offset to read, <see cref="End"/> the first not to.</summary>
    public sealed class PartitionRange
    {
        public long Next { get; set; }

        public long End { get; set; }
    }

    /// <summary>Where a sensor's rows go: its current file, its stretch number, its last timestamp, and whether an episode broke the stretch.</summary>
    public sealed class SensorFile
    {
        public required string Stem { get; init; }

        public int Stretch { get; set; }

        public DateTimeOffset? Last { get; set; }

        public bool Broken { get; set; }

        public string CurrentFile => Stretch == 0 ? $"{Stem}.csv" : $"{Stem}.{Stretch}.csv";
    }
}
