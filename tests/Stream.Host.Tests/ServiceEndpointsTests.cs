using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace StreamAE.Host.Tests;

/// <summary>A running host's /metrics and /health endpoints, scraped over HTTP while a paced source feeds it.</summary>
[Collection(HostCollection.Name)]
public sealed partial class ServiceEndpointsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-svc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static double? MetricValue(string scrape, string name, string? labelContains = null)
    {
        foreach (var line in scrape.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && (line.Length > name.Length && (line[name.Length] == ' ' || line[name.Length] == '{'))
                && (labelContains is null || line.Contains(labelContains, StringComparison.Ordinal)))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return double.Parse(parts[^1].Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [Fact]
    public async Task Metrics_and_health_of_a_running_host_are_served_and_the_counts_move()
    {
        var ct = TestContext.Current.CancellationToken;
        var bundle = TestData.TrainBundle(Path.Combine(_dir, "model"), seed: 1);
        var data = TestData.WriteCsv(Path.Combine(_dir, "pump.csv"), TestData.Series(100_000, seed: 5, spikeEvery: 200));
        await using var host = RunningHost.Start(
            http: true,
            $"--Source:Path={data}", "--Source:LabelsPath=", "--Source:Speed=500",
            $"--Model:Path={bundle.Directory}", $"--Pipeline:WindowLength={TestData.WindowLength}", "--Sinks:Console=false");
        var http = host.Http!;

        await TestData.WaitUntil(async () => (await http.GetAsync("/health/ready", ct)).StatusCode == HttpStatusCode.OK, "/health/ready answers 200");
        var ready = await http.GetStringAsync("/health/ready", ct);
        Assert.Contains(bundle.Manifest.Version, ready);
        Assert.Contains("\"status\":\"Healthy\"", ready);
        var live = await http.GetAsync("/health/live", ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("beat", await live.Content.ReadAsStringAsync(ct));

        var first = await http.GetStringAsync("/metrics", ct);
        var readings = MetricValue(first, "streamae_readings_consumed_total") ?? 0;
        await TestData.WaitUntil(
            async () => MetricValue(await http.GetStringAsync("/metrics", ct), "streamae_windows_scored_total") > 300,
            "windows scored pass 300");
        var later = await http.GetStringAsync("/metrics", ct);
        Assert.True(MetricValue(later, "streamae_readings_consumed_total") > readings, later);
        Assert.Equal(1, MetricValue(later, "streamae_model_info", $"model_version=\"{bundle.Manifest.Version}\""));
        Assert.Equal(1, MetricValue(later, "streamae_sensors_tracked"));
        Assert.NotNull(MetricValue(later, "streamae_scoring_duration_seconds_count"));
        Assert.NotNull(MetricValue(later, "streamae_scoring_duration_seconds_bucket", "le=\"0.001\"")); // sub-millisecond buckets, not the ms defaults
        Assert.NotNull(MetricValue(later, "streamae_batch_size_count"));
        await TestData.WaitUntil(
            async () => MetricValue(await http.GetStringAsync("/metrics", ct), "streamae_alerts_opened_total") >= 1,
            "an alert opens on a spike");

        await host.StopAsync();
        Assert.Equal(0, host.Output.ExitCode);
        Assert.Contains("=== StreamAE run summary", host.Writer.ToString());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection
{
    public const string Name = "hosts";
}
