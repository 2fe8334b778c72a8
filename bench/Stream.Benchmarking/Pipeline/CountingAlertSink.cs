using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Benchmarking.Pipeline;

/// <summary>A sink that only counts, so a benchmark measures the pipeline, not the console.</summary>
public sealed class CountingAlertSink : IAlertSink
{
    private long _alerts;

    public long Alerts => Interlocked.Read(ref _alerts);

    public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _alerts);
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
