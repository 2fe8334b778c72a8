using StreamAE.Connectors.Files;
using StreamAE.Core.IO;
using StreamAE.Host.Configuration;

namespace StreamAE.Host.Running;

/// <summary>Builds the configured source: a CSV or NDJSON file replay, paced when Source:Speed is set.</summary>
public static class ReadingSourceFactory
{
    public static IReadingSource Create(SourceOptions options, IReadOnlyList<string> modelChannels, BadInputHandler badInput, TimeProvider time, int maxMessageBytes = int.MaxValue)
    {
        var path = PathResolver.Resolve(options.Path ?? throw new InvalidOperationException("Source:Path is not set."));
        var format = options.Format == FileFormat.Auto ? DetectFormat(path) : options.Format;
        IReadingSource source = format switch
        {
            FileFormat.Csv => new CsvReadingSource(path, options.Csv, badInput),
            _ => new NdjsonReadingSource(path, WithChannels(options, modelChannels), badInput, maxMessageBytes),
        };
        return options.Speed > 0 ? new PacedReadingSource(source, options.Speed, time) : source;
    }

    public static FileFormat DetectFormat(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".ndjson" or ".jsonl" or ".json" => FileFormat.Ndjson,
            _ => FileFormat.Csv,
        };

    private static Connectors.Json.ReadingJsonFormat WithChannels(SourceOptions options, IReadOnlyList<string> modelChannels)
    {
        // Named channels are put in the model's channel order unless the configuration names them itself.
        options.Json.ChannelNames ??= modelChannels;
        return options.Json;
    }
}
