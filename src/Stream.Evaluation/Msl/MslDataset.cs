using System.Globalization;
using System.Text.Json;
using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Msl;

/// <summary>
/// Reads the NASA MSL set as laid out in <c>nasa-msl/</c>: <c>train/&lt;chan&gt;.csv</c>, <c>test/&lt;chan&gt;.csv</c>
/// (columns t, telemetry, cmd1..cmd54) and <c>labels.json</c> (per channel, <c>anomaly_sequences</c> as inclusive test rows).
/// Rows get synthetic timestamps one minute apart, the test rows continuing after the training rows.
/// </summary>
public static class MslDataset
{
    public static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <param name="telemetryOnly">Keep only the telemetry column (the command columns are one-hot inputs, not the monitored signal).</param>
    public static IReadOnlyList<MslChannel> Load(string root, bool telemetryOnly = false, IReadOnlyCollection<string>? filters = null, int? maxChannels = null)
    {
        var labelsPath = Path.Combine(root, "labels.json");
        if (!File.Exists(labelsPath))
        {
            throw new FileNotFoundException($"MSL labels not found: {labelsPath} (expected train/, test/ and labels.json).", labelsPath);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(labelsPath));
        var result = new List<MslChannel>();
        foreach (var channel in doc.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (filters is { Count: > 0 } && !filters.Any(f => channel.Name.Contains(f, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (result.Count >= (maxChannels ?? int.MaxValue))
            {
                break;
            }

            var anomalies = channel.Value.GetProperty("anomaly_sequences").EnumerateArray()
                .Select(a => new Interval(a[0].GetInt32(), a[1].GetInt32()))
                .ToArray();
            var train = ReadCsv(Path.Combine(root, "train", channel.Name + ".csv"), channel.Name, 0, telemetryOnly);
            var test = ReadCsv(Path.Combine(root, "test", channel.Name + ".csv"), channel.Name, train.Length, telemetryOnly);
            foreach (var a in anomalies)
            {
                if (a.Start < 0 || a.End < a.Start || a.End >= test.Length)
                {
                    throw new InvalidDataException($"{labelsPath}: {channel.Name} anomaly [{a.Start}, {a.End}] is outside its {test.Length} test rows.");
                }
            }

            result.Add(new MslChannel(channel.Name, train, test, anomalies));
        }

        return result;
    }

    private static TrainingSeries ReadCsv(string path, string sensor, int firstRow, bool telemetryOnly)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"MSL file not found: {path}.", path);
        }

        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException($"{path}: empty file.");
        if (header.Length < 2 || header[0] != "t")
        {
            throw new InvalidDataException($"{path}: expected a header 't,telemetry,...'.");
        }

        var channels = telemetryOnly ? 1 : header.Length - 1;
        var names = header.Skip(1).Take(channels).ToArray();
        var values = new List<float>();
        var rows = 0;
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var fields = line.Split(',');
            if (fields.Length != header.Length)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: {fields.Length} columns, the header has {header.Length}.");
            }

            for (var c = 1; c <= channels; c++)
            {
                if (!float.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v))
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: '{fields[c]}' in column {header[c]} is not a finite number.");
                }

                values.Add(v);
            }

            rows++;
        }

        var timestamps = Enumerable.Range(firstRow, rows).Select(i => Epoch.AddMinutes(i)).ToArray();
        return new TrainingSeries(sensor, names, [.. values], timestamps);
    }
}
