namespace StreamAE.Connectors.Files;

/// <summary>The columns of a CSV file resolved from its header: which is the timestamp, the sensor and each channel.</summary>
public sealed record CsvLayout(int ColumnCount, int TimestampIndex, int? SensorIndex, int[] ValueIndexes, IReadOnlyList<string> ChannelNames)
{
    public static CsvLayout FromHeader(string path, string[] header, CsvSourceOptions options)
    {
        int Find(string name)
        {
            var index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            return index >= 0
                ? index
                : throw new InvalidDataException($"{path}:1: column '{name}' is not in the header [{string.Join(", ", header)}].");
        }

        var timestamp = options.TimestampColumn is null ? 0 : Find(options.TimestampColumn);
        int? sensor = options.SensorColumn is null ? null : Find(options.SensorColumn);
        var values = options.ValueColumns is null
            ? Enumerable.Range(0, header.Length).Where(i => i != timestamp && i != sensor).ToArray()
            : options.ValueColumns.Select(Find).ToArray();
        if (values.Length == 0)
        {
            throw new InvalidDataException($"{path}:1: no value columns in the header [{string.Join(", ", header)}].");
        }

        return new CsvLayout(header.Length, timestamp, sensor, values, values.Select(i => header[i]).ToArray());
    }
}
