using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Connectors.Files;
using StreamAE.Core.IO;
using StreamAE.Host.Configuration;

namespace StreamAE.Host.Running;

/// <summary>
/// The channel names the configured source will deliver, when they are known before reading: a CSV file's header.
/// The host compares them with the model bundle's channels before it starts, so a mismatch is refused up front.
/// </summary>
public static class DataChannels
{
    public static IReadOnlyList<string>? Of(SourceOptions options)
    {
        if (options.Type != SourceType.File || options.Path is null)
        {
            return null;
        }

        var path = PathResolver.Resolve(options.Path);
        var format = options.Format == FileFormat.Auto ? ReadingSourceFactory.DetectFormat(path) : options.Format;
        if (format != FileFormat.Csv || !File.Exists(path))
        {
            return null; // NDJSON names its channels per record (or by configuration); the scorer checks each window.
        }

        var header = new CsvReadingSource(path, options.Csv, new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), NullLogger.Instance));
        return header.ReadLayout().ChannelNames;
    }
}
