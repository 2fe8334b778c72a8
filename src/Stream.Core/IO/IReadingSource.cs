using StreamAE.Core.Domain;

namespace StreamAE.Core.IO;

/// <summary>A stream of readings: a file replay (finite) or a broker subscription (endless).</summary>
public interface IReadingSource
{
    /// <summary>A name for logs and summaries (a file path, a topic).</summary>
    string Name { get; }

    IAsyncEnumerable<Reading> ReadAsync(CancellationToken cancellationToken);
}
