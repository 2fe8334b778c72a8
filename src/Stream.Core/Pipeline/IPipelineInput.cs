namespace StreamAE.Core.Pipeline;

/// <summary>
/// The bounded entrance of the pipeline that a source writes to (the backpressure point: Rx has none). A source on
/// its own thread may watch <see cref="Queued"/> to pause its input before the entrance is full.
/// </summary>
public interface IPipelineInput
{
    /// <summary>Items written and not yet taken by the pipeline.</summary>
    int Queued { get; }

    /// <summary>The entrance's capacity.</summary>
    int Capacity { get; }

    /// <summary>Writes without waiting; false when the entrance is full.</summary>
    bool TryWrite(SourceItem item);

    /// <summary>Writes, waiting for room.</summary>
    ValueTask WriteAsync(SourceItem item, CancellationToken cancellationToken);
}
