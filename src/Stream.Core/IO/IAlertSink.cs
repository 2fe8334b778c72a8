using StreamAE.Core.Domain;

namespace StreamAE.Core.IO;

/// <summary>Where alerts go: the console, a JSONL file, a Kafka topic.</summary>
public interface IAlertSink : IAsyncDisposable
{
    ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken);

    /// <summary>Returns once every alert written so far is durably delivered.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
