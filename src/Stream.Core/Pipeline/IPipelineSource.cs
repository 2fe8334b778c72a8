namespace StreamAE.Core.Pipeline;

/// <summary>
/// A source that drives the pipeline itself: it writes readings, rejected records and commands to the
/// <see cref="IPipelineInput"/> until it is done (a finite source) or cancelled (an endless one). File sources are
/// plain <see cref="IO.IReadingSource"/>s; the Kafka source is one of these, because it also needs commands
/// (checkpoints, commits and rebalances at exact points of its stream).
/// </summary>
public interface IPipelineSource
{
    /// <summary>A name for logs and summaries (a file path, a topic).</summary>
    string Name { get; }

    /// <summary>Writes everything to <paramref name="input"/>; returns when done, throws <see cref="OperationCanceledException"/> when stopped.</summary>
    Task RunAsync(IPipelineInput input, CancellationToken cancellationToken);
}
