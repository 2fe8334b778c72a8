using System.Globalization;
using System.Runtime.CompilerServices;
using StreamAE.Connectors.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Files;

/// <summary>
/// Reads readings from a CSV file with a header. Bad lines (wrong column count, unparsable timestamp or number,
/// NaN/∞, a timestamp that repeats or goes back for its sensor) go to the <see cref="BadInputHandler"/>: counted and
/// logged with file and line, or a <see cref="BadInputException"/> under the Fail policy.
/// </summary>
public sealed class CsvReadingSource(string path, CsvSourceOptions options, BadInputHandler badInput) : IReadingSource
{
    public string Name => path;

    /// <summary>Reads the header only: the channel names this source will produce.</summary>
    public CsvLayout ReadLayout()
    {
        using var reader = new StreamReader(path);
        return ParseHeader(reader.ReadLine());
    }

    public async IAsyncEnumerable<Reading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var layout = ParseHeader(await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false));
        var defaultSensor = options.SensorId ?? Path.GetFileNameWithoutExtension(path);
        long lineNumber = 1;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var position = new SourcePosition(path, -1, lineNumber);
            var reading = ParseLine(line, layout, defaultSensor, position);
            if (reading is null)
            {
                continue;
            }

            yield return reading;
        }
    }

    private CsvLayout ParseHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new InvalidDataException($"{path}:1: the file is empty; a header row is required.");
        }

        return CsvLayout.FromHeader(path, Split(header), options);
    }

    private Reading? ParseLine(string line, CsvLayout layout, string defaultSensor, SourcePosition position)
    {
        var fields = Split(line);
        if (fields.Length != layout.ColumnCount)
        {
            badInput.Report(SkipReason.WrongColumnCount, position, $"{fields.Length} columns, the header has {layout.ColumnCount}");
            return null;
        }

        if (!TimestampParser.TryParse(fields[layout.TimestampIndex], options.NumericTimestampUnit, out var timestamp))
        {
            badInput.Report(SkipReason.BadTimestamp, position, $"'{fields[layout.TimestampIndex]}' is not a timestamp");
            return null;
        }

        var values = new float[layout.ValueIndexes.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var text = fields[layout.ValueIndexes[i]];
            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                badInput.Report(SkipReason.Malformed, position, $"column '{layout.ChannelNames[i]}': '{text}' is not a number");
                return null;
            }

            if (!float.IsFinite(values[i]))
            {
                badInput.Report(SkipReason.NonFiniteValue, position, $"column '{layout.ChannelNames[i]}' is {text}");
                return null;
            }
        }

        var sensor = layout.SensorIndex is { } s ? fields[s] : defaultSensor;
        if (string.IsNullOrWhiteSpace(sensor))
        {
            badInput.Report(SkipReason.Malformed, position, "empty sensor id");
            return null;
        }

        return new Reading(sensor, timestamp, values) { Position = position };
    }

    // Plain delimiter split; quoted fields are trimmed of their quotes (our inputs are numeric CSVs).
    private string[] Split(string line)
    {
        var fields = line.Split(options.Delimiter);
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = fields[i].Trim().Trim('"');
        }

        return fields;
    }
}
