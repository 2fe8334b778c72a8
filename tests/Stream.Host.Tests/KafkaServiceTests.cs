using System.Net;
using System.Text;
using StreamAE.Connectors.Kafka;
using StreamAE.Testing.Kafka;
using StreamAE.Core.Domain;

namespace StreamAE.Host.Tests;

/// <summary>The host with Source:Type=Kafka on an in-process mock cluster: readiness from the assignment, metrics, dead letters, limits.</summary>
[Collection(HostCollection.Name)]
public sealed class KafkaServiceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-kafka-host-").FullName;
    private readonly KafkaServiceCluster _cluster = new();

    public void Dispose()
    {
        _cluster.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_kafka_host_is_ready_once_assigned_and_its_metrics_count_readings_windows_and_dead_letters()
    {
        var ct = TestContext.Current.CancellationToken;
        var bundle = TestData.TrainBundle(Path.Combine(_dir, "model"), seed: 1);
        var values = TestData.Series(200, seed: 3, spikeEvery: 100);
        using (var producer = new ReadingProducer(_cluster.BootstrapServers, "readings"))
        {
            for (var t = 0; t < values.Length; t++)
            {
                producer.Produce(new Reading("pump-1", TestData.T0.AddSeconds(t), [values[t]]));
                producer.Produce(new Reading("pump-2", TestData.T0.AddSeconds(t), [values[t]]));
            }

            producer.ProduceRaw("pump-1", Encoding.UTF8.GetBytes("{ not json"));
            producer.ProduceRaw("pump-2", Encoding.UTF8.GetBytes($$"""{"sensor":"pump-2","timestamp":"2030-01-01T00:00:00Z","values":[{{string.Join(",", Enumerable.Repeat("1.5", 200))}}]}"""));
            await producer.FlushAsync(TimeSpan.FromSeconds(30));
        }

        await using var host = RunningHost.Start(
            http: true,
            ["--Source:Type=Kafka", $"--Kafka:BootstrapServers={_cluster.BootstrapServers}", "--Kafka:GroupId=service-test",
            .. KafkaServiceCluster.TopicArguments,
            "--Kafka:SessionTimeoutMs=2000", "--Kafka:HeartbeatIntervalMs=400", "--Kafka:FetchWaitMaxMs=10",
            "--Kafka:CommitInterval=00:00:00.200", "--Kafka:StatisticsIntervalMs=200",
            "--Limits:MaxMessageBytes=512",
            $"--Model:Path={bundle.Directory}", $"--Pipeline:WindowLength={TestData.WindowLength}", "--Sinks:Console=false",
            "--Calibration:Method=None"]); // raw thresholds: 200 readings per sensor are about the calibration's learning period
        var http = host.Http!;

        await TestData.WaitUntil(async () => (await http.GetAsync("/health/ready", ct)).StatusCode == HttpStatusCode.OK, "/health/ready once partitions are assigned");
        Assert.Contains("partition(s) assigned", await http.GetStringAsync("/health/ready", ct));

        const int messages = (2 * 200) + 2;
        await TestData.WaitUntil(
            async () => ServiceEndpointsTests.MetricValue(await http.GetStringAsync("/metrics", ct), "streamae_readings_consumed_total") == messages,
            $"all {messages} messages consumed");
        await TestData.WaitUntil(
            async () => ServiceEndpointsTests.MetricValue(await http.GetStringAsync("/metrics", ct), "streamae_windows_scored_total") == 2 * (200 - TestData.WindowLength + 1),
            "every window scored");
        var scrape = await http.GetStringAsync("/metrics", ct);
        Assert.Equal(1, ServiceEndpointsTests.MetricValue(scrape, "streamae_dead_letters_total", "reason=\"Malformed\""));
        Assert.Equal(1, ServiceEndpointsTests.MetricValue(scrape, "streamae_dead_letters_total", "reason=\"TooLarge\""));
        Assert.Equal(2, ServiceEndpointsTests.MetricValue(scrape, "streamae_sensors_tracked"));
        Assert.True(ServiceEndpointsTests.MetricValue(scrape, "streamae_alerts_opened_total") >= 2, scrape);
        await TestData.WaitUntil(
            async () => ServiceEndpointsTests.MetricValue(await http.GetStringAsync("/metrics", ct), "streamae_consumer_lag", "topic=\"readings\"") is not null,
            "consumer lag reported from the client's statistics");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live", ct)).StatusCode);

        await host.StopAsync();
        Assert.Equal(0, host.Output.ExitCode);
        Assert.Equal(2, host.Output.KafkaCounters!.DeadLettered);
    }

    [Fact]
    public async Task A_model_swapped_while_consuming_kafka_scores_every_later_window_and_alerts_switch_version()
    {
        var models = Directory.CreateDirectory(Path.Combine(_dir, "models")).FullName;
        var v1 = TestData.TrainBundle(Path.Combine(models, "v1"), seed: 1);
        var v2 = TestData.TrainBundle(Path.Combine(models, "v2"), seed: 2);
        TestData.Deploy(models, "v1");
        var alertsPath = Path.Combine(_dir, "alerts.jsonl");
        var values = TestData.Series(800, seed: 4, spikeEvery: 100);
        async Task Produce(int from, int to)
        {
            using var producer = new ReadingProducer(_cluster.BootstrapServers, "readings");
            for (var t = from; t < to; t++)
            {
                producer.Produce(new Reading("pump-1", TestData.T0.AddSeconds(t), [values[t]]));
            }

            await producer.FlushAsync(TimeSpan.FromSeconds(30));
        }

        await Produce(0, 400);
        await using var host = RunningHost.Start(
            http: false,
            ["--Source:Type=Kafka", $"--Kafka:BootstrapServers={_cluster.BootstrapServers}", "--Kafka:GroupId=reload-test",
            .. KafkaServiceCluster.TopicArguments,
            "--Kafka:SessionTimeoutMs=2000", "--Kafka:HeartbeatIntervalMs=400", "--Kafka:FetchWaitMaxMs=10", "--Kafka:CommitInterval=00:00:00.200",
            $"--Model:Path={models}", "--Model:Watch=true", "--Model:PollInterval=00:00:00.100", "--Model:Debounce=00:00:00.050",
            $"--Pipeline:WindowLength={TestData.WindowLength}", "--Episodes:CooldownWindows=4", "--Sinks:Console=false", $"--Sinks:JsonlPath={alertsPath}",
            "--Calibration:Method=None"]); // raw thresholds: a calibrated sensor relearns after the swap, and 400 readings are too few to alert again

        await TestData.WaitUntil(() => host.Output.KafkaCounters?.Windows == 400 - TestData.WindowLength + 1, "the first 400 readings windowed and scored by v1");
        TestData.Deploy(models, "v2");
        await TestData.WaitUntil(() => host.Logs.Contains($"{v2.Manifest.Version} (arp) from"), "the swap to v2 is logged");
        await Produce(400, 800);
        await TestData.WaitUntil(() => host.Output.KafkaCounters!.Windows == 800 - TestData.WindowLength + 1, "every window scored");
        await host.StopAsync();

        Assert.Equal(800, host.Output.KafkaCounters!.Readings);
        var versions = File.ReadAllLines(alertsPath).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("modelVersion").GetString()).ToList();
        var firstV2 = versions.IndexOf(v2.Manifest.Version);
        Assert.True(firstV2 > 0, $"alerts from {v1.Manifest.Version} first, then {v2.Manifest.Version}: {string.Join(", ", versions)}");
        Assert.All(versions[..firstV2], v => Assert.Equal(v1.Manifest.Version, v));
        Assert.All(versions[firstV2..], v => Assert.Equal(v2.Manifest.Version, v));
    }

    [Fact]
    public async Task Bad_kafka_settings_stop_the_host_at_start_naming_them()
    {
        using var host = Running.DetectorHostBuilder.Create(["--Source:Type=Kafka", "--Kafka:PauseAfter=00:00:00"], new Running.RunOutput(TextWriter.Null)).Build();
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Kafka:PauseAfter must be positive", ex.Message);
    }
}
