using StreamAE.Connectors.Files;
using StreamAE.Connectors.Json;
using StreamAE.Core.IO;

namespace StreamAE.Host.Configuration;

public enum SourceType
{
    File,

    /// <summary>The always-on consumer-group detector (section "Kafka").</summary>
    Kafka,
}

public enum FileFormat
{
    /// <summary>By extension: .csv → CSV, .ndjson/.jsonl/.json → NDJSON.</summary>
    Auto,
    Csv,
    Ndjson,
}

/// <summary>Section "Source": where readings come from.</summary>
public sealed class SourceOptions
{
    public const string Section = "Source";

    public SourceType Type { get; set; } = SourceType.File;

    /// <summary>File to replay (Type = File). Relative paths are tried against the working directory, then the install directory.</summary>
    public string? Path { get; set; }

    public FileFormat Format { get; set; } = FileFormat.Auto;

    /// <summary>Replay speed as a multiple of real time (by the readings' timestamps); 0 replays as fast as possible.</summary>
    public double Speed { get; set; }

    /// <summary>Labelled anomaly windows (NAB's combined_windows.json layout) to report which were caught.</summary>
    public string? LabelsPath { get; set; }

    public BadInputPolicy BadInput { get; set; } = BadInputPolicy.Skip;

    public CsvSourceOptions Csv { get; set; } = new();

    public ReadingJsonFormat Json { get; set; } = new();
}
