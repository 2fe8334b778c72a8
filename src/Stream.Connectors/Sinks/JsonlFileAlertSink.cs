using StreamAE.Connectors.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.Drift;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Sinks;

/// <summary>
/// Appends one JSON alert (or drift event, <c>"type": "drift"</c>) per line to a file; <see cref="FlushAsync"/> flushes
/// to disk. Alerts and drift events arrive on different tasks, so writes take turns.
/// </summary>
public sealed class JsonlFileAlertSink : IAlertSink, IDriftEventSink
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly FileStream _stream;
    private readonly SemaphoreSlim _turn = new(1, 1);

    public JsonlFileAlertSink(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
    }

    public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken) => WriteLineAsync(AlertJson.Serialize(alert), cancellationToken);

    public ValueTask WriteAsync(DriftEvent drift, CancellationToken cancellationToken) => WriteLineAsync(DriftEventJson.Serialize(drift), cancellationToken);

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            _stream.Flush(flushToDisk: true);
        }
        finally
        {
            _turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _turn.Dispose();
    }

    private async ValueTask WriteLineAsync(byte[] json, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(json, cancellationToken).ConfigureAwait(false);
            await _stream.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }
}
