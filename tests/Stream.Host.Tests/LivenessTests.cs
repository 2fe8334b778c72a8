using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StreamAE.Core.Health;
using StreamAE.Host.Configuration;
using StreamAE.Host.Health;

namespace StreamAE.Host.Tests;

public class LivenessTests
{
    [Fact]
    public async Task A_pipeline_loop_silent_longer_than_the_timeout_is_not_alive()
    {
        var time = new FakeTimeProvider();
        var heartbeat = new PipelineHeartbeat(time);
        var check = new PipelineLivenessCheck(heartbeat, Options.Create(new HealthOptions { LivenessTimeout = TimeSpan.FromSeconds(30) }));
        async Task<HealthCheckResult> Check() => await check.CheckHealthAsync(new(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, (await Check()).Status); // starting
        heartbeat.Beat();
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(HealthStatus.Healthy, (await Check()).Status);
        time.Advance(TimeSpan.FromSeconds(2));
        var stuck = await Check();
        Assert.Equal(HealthStatus.Unhealthy, stuck.Status);
        Assert.Contains("has not beaten for 31s (Health:LivenessTimeout 30s)", stuck.Description);
        heartbeat.Beat();
        Assert.Equal(HealthStatus.Healthy, (await Check()).Status);
        heartbeat.Stop();
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HealthStatus.Healthy, (await Check()).Status); // a finished file run is not a hung one
    }
}
