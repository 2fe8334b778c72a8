using StreamAE.Connectors.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Sinks;

/// <summary>Appends one JSON alert per line to a file; <see cref="FlushAsync"/> flushes to disk.</summary>
public sealed class JsonlFileAlertSink : IAlertSink
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly FileStream _stream;

    public JsonlFileAlertSink(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
    }

    public async ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(AlertJson.Serialize(alert), cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.Flush(flushToDisk: true);
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
