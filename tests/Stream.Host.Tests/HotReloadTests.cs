using System.Text.Json;

namespace StreamAE.Host.Tests;

/// <summary>Deploying bundles next to a running host: the watcher validates and swaps them while a paced source keeps feeding it.</summary>
[Collection(HostCollection.Name)]
public sealed class HotReloadTests : IDisposable
{
    private const int Rows = 6000;
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-reload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (string Models, string Data, string Alerts) Setup()
    {
        var models = Directory.CreateDirectory(Path.Combine(_dir, "models")).FullName;
        TestData.TrainBundle(Path.Combine(models, "v1"), seed: 1);
        TestData.Deploy(models, "v1");
        var data = TestData.WriteCsv(Path.Combine(_dir, "pump.csv"), TestData.Series(Rows, seed: 5, spikeEvery: 150));
        return (models, data, Path.Combine(_dir, "alerts.jsonl"));
    }

    private static RunningHost Start(bool http, string models, string data, string alerts) => RunningHost.Start(
        http,
        $"--Source:Path={data}", "--Source:LabelsPath=", "--Source:Speed=1500",
        $"--Model:Path={models}", "--Model:Watch=true", "--Model:PollInterval=00:00:00.100", "--Model:Debounce=00:00:00.050",
        $"--Pipeline:WindowLength={TestData.WindowLength}", "--Pipeline:MaxBatchSize=16", "--Episodes:CooldownWindows=4",
        "--Sinks:Console=false", $"--Sinks:JsonlPath={alerts}",
        "--Calibration:Method=None"); // raw thresholds: alerts right after a swap, where a calibrated sensor would relearn the new model's scores

    private static List<(string State, string Version)> ReadAlerts(string path) =>
        File.ReadAllLines(path).Where(line => !line.Contains("\"type\":\"drift\"", StringComparison.Ordinal)).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            return (json.RootElement.GetProperty("state").GetString()!, json.RootElement.GetProperty("modelVersion").GetString()!);
        }).ToList();

    [Fact]
    public async Task A_model_swapped_under_load_drops_no_reading_and_later_alerts_carry_the_new_version()
    {
        var (models, data, alertsPath) = Setup();
        var v2 = TestData.TrainBundle(Path.Combine(models, "v2"), seed: 2);
        await using var host = Start(http: false, models, data, alertsPath);

        await TestData.WaitUntil(() => host.Output.Counters?.WindowsScored > 1000, "1000 windows scored by v1");
        TestData.Deploy(models, "v2");
        await TestData.WaitUntil(() => host.Logs.Contains($"Model swapped: arp-test") && host.Logs.Contains($"{v2.Manifest.Version} (arp)"), "the swap to v2 is logged");
        Assert.True(host.Output.Counters!.Readings < Rows, "the swap happened while the source was still being read");
        await host.Run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(0, host.Output.ExitCode);
        var counters = host.Output.Counters!;
        Assert.Equal(Rows, counters.Readings);                               // every reading in ...
        Assert.Equal(Rows - TestData.WindowLength + 1, counters.Windows);     // ... made its window ...
        Assert.Equal(counters.Windows, counters.WindowsScored);              // ... and every window was scored
        Assert.Contains("skipped    none", host.Writer.ToString());
        Assert.Contains("smoke-tested on", host.Logs.Lines.Single(l => l.Contains("Model swapped", StringComparison.Ordinal)));

        var alerts = ReadAlerts(alertsPath);
        var firstV2 = alerts.FindIndex(a => a.Version == v2.Manifest.Version);
        Assert.True(firstV2 > 0, "alerts from v1 came first, then from v2");
        Assert.All(alerts[firstV2..], a => Assert.Equal(v2.Manifest.Version, a.Version)); // no v1 alert after the switch
        Assert.True(alerts.Count(a => a.State == "open" && a.Version == v2.Manifest.Version) >= 5);
    }

    [Fact]
    public async Task A_corrupt_bundle_dropped_in_is_rejected_with_a_log_line_and_a_metric_and_the_old_model_keeps_serving()
    {
        var (models, data, alertsPath) = Setup();
        var v1Version = JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "v1", "manifest.json"))).RootElement.GetProperty("version").GetString()!;
        await using var host = Start(http: true, models, data, alertsPath);
        var ct = TestContext.Current.CancellationToken;

        await TestData.WaitUntil(() => host.Output.Counters?.WindowsScored > 500, "500 windows scored by v1");
        Directory.CreateDirectory(Path.Combine(models, "v2-corrupt"));
        File.WriteAllText(Path.Combine(models, "v2-corrupt", "manifest.json"), "{\"schemaVersion\": 1, \"kind\": \"arp\", \"name\": ");
        TestData.Deploy(models, "v2-corrupt");

        await TestData.WaitUntil(() => host.Logs.Contains("Model bundle rejected"), "the rejection is logged");
        var line = host.Logs.Lines.First(l => l.Contains("Model bundle rejected", StringComparison.Ordinal));
        Assert.Contains("v2-corrupt", line);
        Assert.Contains("manifest.json is not a valid manifest", line);
        Assert.Contains($"arp-test {v1Version} keeps serving", line);
        await TestData.WaitUntil(
            async () => ServiceEndpointsTests.MetricValue(await host.Http!.GetStringAsync("/metrics", ct), "streamae_model_reloads_total", "outcome=\"rejected\"") == 1,
            "streamae_model_reloads_total{outcome=\"rejected\"} is 1");
        var scrape = await host.Http!.GetStringAsync("/metrics", ct);
        Assert.Equal(1, ServiceEndpointsTests.MetricValue(scrape, "streamae_model_info", $"model_version=\"{v1Version}\""));
        Assert.Null(ServiceEndpointsTests.MetricValue(scrape, "streamae_model_reloads_total", "outcome=\"ok\""));

        await host.Run.WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.Equal(0, host.Output.ExitCode);
        Assert.Equal(Rows, host.Output.Counters!.Readings);
        var alerts = ReadAlerts(alertsPath);
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Equal(v1Version, a.Version));
    }
}
