using System.Runtime.CompilerServices;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Benchmarking.Pipeline;

/// <summary>An in-memory source: readings prepared up front, so a benchmark measures the pipeline, not parsing.</summary>
public sealed class ArrayReadingSource(IReadOnlyList<Reading> readings) : IReadingSource
{
    public string Name => "memory";

    public async IAsyncEnumerable<Reading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        for (var i = 0; i < readings.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return readings[i];
        }
    }
}
