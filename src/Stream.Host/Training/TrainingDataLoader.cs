using Microsoft.Extensions.Logging;
using StreamAE.Connectors.Files;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Models.Data;

namespace StreamAE.Host.Training;

/// <summary>
/// Loads training series from a CSV file or a directory of CSV files (one sensor per file), optionally only the first
/// rows of each (e.g. NAB's probationary prefix, so the model never sees the labelled anomalies it is judged on).
/// </summary>
public static class TrainingDataLoader
{
    public static async Task<IReadOnlyList<TrainingSeries>> LoadAsync(string path, int? firstRows, double? firstFraction, BadInputPolicy policy, ILogger logger, CancellationToken cancellationToken)
    {
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path, "*.csv", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToArray()
            : File.Exists(path) ? [path] : throw new FileNotFoundException($"Training data '{path}' not found.", path);
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"No .csv files in '{path}'.", path);
        }

        var result = new List<TrainingSeries>();
        IReadOnlyList<string>? channels = null;
        foreach (var file in files)
        {
            var source = new CsvReadingSource(file, new CsvSourceOptions(), new BadInputHandler(policy, new IngestCounters(), logger));
            var layout = source.ReadLayout();
            channels ??= layout.ChannelNames;
            if (!channels.SequenceEqual(layout.ChannelNames, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"{file}: channels [{string.Join(", ", layout.ChannelNames)}] differ from the first file's [{string.Join(", ", channels)}].");
            }

            var readings = new List<Reading>();
            await foreach (var reading in source.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                readings.Add(reading);
                if (firstRows is { } limit && firstFraction is null && readings.Count >= limit)
                {
                    break; // the rest of the file is not training data: do not even read it.
                }
            }

            var keep = readings.Count;
            if (firstRows is { } rows)
            {
                keep = Math.Min(keep, rows);
            }

            if (firstFraction is { } fraction)
            {
                keep = Math.Min(keep, (int)(readings.Count * fraction));
            }

            result.Add(TrainingSeries.FromReadings(Path.GetFileNameWithoutExtension(file), channels, readings.Take(keep).ToList()));
        }

        return result;
    }
}
