using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StreamAE.Core.Health;
using StreamAE.Host.Configuration;

namespace StreamAE.Host.Health;

/// <summary>Liveness: the process answers and the pipeline loop has beaten within Health:LivenessTimeout.</summary>
public sealed class PipelineLivenessCheck(PipelineHeartbeat heartbeat, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var timeout = options.Value.LivenessTimeout;
        var result = heartbeat.SinceLastBeat switch
        {
            null => HealthCheckResult.Healthy("starting: the pipeline loop has not begun yet"),
            _ when heartbeat.Stopped => HealthCheckResult.Healthy("the pipeline loop finished its source"),
            { } silent when silent > timeout => HealthCheckResult.Unhealthy($"the pipeline loop has not beaten for {silent.TotalSeconds:F0}s (Health:LivenessTimeout {timeout.TotalSeconds:F0}s)"),
            { } silent => HealthCheckResult.Healthy($"the pipeline loop beat {silent.TotalMilliseconds:F0} ms ago"),
        };
        return Task.FromResult(result);
    }
}
