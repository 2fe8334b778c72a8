namespace StreamAE.Core.Pipeline;

/// <summary>
/// Work a source needs done at an exact point of its stream, on the pipeline's own thread: after every item written
/// before it has gone through the pipeline and — when <see cref="Drains"/> — every window formed so far has been scored
/// and its alerts handed to the sink. That is the consistent point where per-sensor state can be checkpointed,
/// restored or forgotten (the Kafka source's checkpoints, commits and rebalances run this way).
/// </summary>
public abstract class PipelineCommand
{
    /// <summary>Whether the open batch is scored before the command runs (true unless the command needs no consistent point).</summary>
    public virtual bool Drains => true;

    public abstract ValueTask ExecuteAsync(DetectionPipeline pipeline, CancellationToken cancellationToken);
}
