using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StreamAE.Core.Health;
using StreamAE.Host.Configuration;
using StreamAE.Host.Serving;

namespace StreamAE.Host.Health;

/// <summary>Readiness: a model is in service and the source is consuming (for Kafka: partitions assigned, lag under Health:MaxLag).</summary>
public sealed class DetectorReadinessCheck(ServingModel serving, SourceStatus source, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (serving.InService is not { } model)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("no model loaded"));
        }

        var ready = source.IsReady(options.Value.MaxLag, out var reason);
        var description = $"model {model.Name} {model.Version}; {reason}";
        return Task.FromResult(ready ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}
