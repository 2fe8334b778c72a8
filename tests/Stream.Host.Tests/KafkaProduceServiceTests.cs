using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Testing.Kafka;
using StreamAE.Host.Commands;
using StreamAE.Host.Running;

namespace StreamAE.Host.Tests;

/// <summary>The host as a Kafka service (Source:Type=Kafka) fed by the produce command, on the in-process mock cluster.</summary>
public sealed class KafkaProduceServiceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-produce-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_Kafka_service_emits_the_same_alerts_as_a_file_replay_of_the_produced_file()
    {
        var expected = (await KafkaHostTestKit.FileReplayAlertsAsync(_dir)).Select(KafkaHostTestKit.Key).ToList();
        Assert.NotEmpty(expected);
        using var cluster = new MockKafkaCluster();
        cluster.SetInitialRebalanceDelay(TimeSpan.Zero);
        await KafkaHostTestKit.ProduceAsync(cluster.BootstrapServers, Path.Combine(AppContext.BaseDirectory, KafkaHostTestKit.Sample));

        var output = new RunOutput(new StringWriter());
        using var host = DetectorHostBuilder.Create(KafkaHostTestKit.ServiceArguments(cluster.BootstrapServers), output).Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var alerts = KafkaHostTestKit.ReadAlerts(cluster.BootstrapServers, a => a.Count >= expected.Count, TimeSpan.FromSeconds(60));
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, output.ExitCode);
        Assert.Equal(expected, alerts.Select(KafkaHostTestKit.Key));
    }

    [Fact]
    public async Task Produce_rejects_a_missing_file()
    {
        var root = new RootCommand { ProduceCommand.Create(NullLoggerFactory.Instance) };
        var code = await root.Parse(["produce", "/nowhere/readings.csv", "--bootstrap", "127.0.0.1:1"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, code);
    }
}
