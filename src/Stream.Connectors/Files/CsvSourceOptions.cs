using StreamAE.Connectors.Json;

namespace StreamAE.Connectors.Files;

/// <summary>
/// How to read a CSV file with a header row: NAB's <c>timestamp,value</c>, NASA's <c>t,telemetry,cmd1,...</c>, or
/// any file with a timestamp column, value columns and optionally a sensor column.
/// </summary>
public sealed class CsvSourceOptions
{
    /// <summary>Sensor id for files without a sensor column; defaults to the file name without extension.</summary>
    public string? SensorId { get; set; }

    /// <summary>Column holding the sensor id (multi-sensor files). Null: one sensor per file.</summary>
    public string? SensorColumn { get; set; }

    /// <summary>Timestamp column; null: the first column.</summary>
    public string? TimestampColumn { get; set; }

    /// <summary>Value columns in channel order; null: every other column.</summary>
    public IReadOnlyList<string>? ValueColumns { get; set; }

    public NumericTimestampUnit NumericTimestampUnit { get; set; } = NumericTimestampUnit.Seconds;

    public char Delimiter { get; set; } = ',';
}
