using StreamAE.Core.Calibration;
using StreamAE.Core.Health;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// What the host hands the Kafka detector to run it as a service (all optional): metrics, the heartbeat liveness
/// reads, the source status readiness reads (assignment, lag), input limits, and where recent windows are kept for
/// smoke-testing a new model before a hot swap, and the per-sensor calibration (off when not given).
/// </summary>
public sealed class KafkaServiceHooks
{
    public StreamAeMetrics? Metrics { get; init; }

    public PipelineHeartbeat? Heartbeat { get; init; }

    public SourceStatus? Status { get; init; }

    public InputLimits Limits { get; init; } = new();

    public RecentWindows? Recent { get; init; }

    public CalibrationOptions? Calibration { get; init; }
}
