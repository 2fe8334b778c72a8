using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StreamAE.Core.Drift;
using StreamAE.Core.Health;
using StreamAE.Host.Configuration;
using StreamAE.Host.Serving;

namespace StreamAE.Host.Health;

/// <summary>
/// Readiness: a model is in service and the source is consuming (for Kafka: partitions assigned, lag under Health:MaxLag).
/// The description also says which sensors the model no longer fits (drift): a detail, not a reason to stop serving.
/// </summary>
public sealed class DetectorReadinessCheck(ServingModel serving, SourceStatus source, DriftStatus drift, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (serving.InService is not { } model)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no model loaded"));
        }

        var ready = source.IsReady(options.Value.MaxLag, out var reason);
        var description = $"model {model.Name} {model.Version}; {reason}; drift: {drift.Describe()}";
        return Task.FromResult(ready ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}
