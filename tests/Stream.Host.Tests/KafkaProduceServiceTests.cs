using System.CommandLine;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka.Mock;
using StreamAE.Host.Commands;
using StreamAE.Host.Running;

namespace StreamAE.Host.Tests;

/// <summary>The host as a Kafka service (Source:Type=Kafka) fed by the produce command, on the in-process mock cluster.</summary>
public class KafkaProduceServiceTests
{
    private const string Sample = "samples/data/nab/machine_temperature_system_failure.csv";

    [Fact]
    public async Task The_Kafka_service_emits_the_same_alerts_as_a_file_replay_of_the_produced_file()
    {
        // Reference: the file replay's alerts as JSON lines.
        var jsonl = Path.Combine(Path.GetTempPath(), $"streamae-{Guid.NewGuid():N}.jsonl");
        List<string> expected;
        try
        {
            using (var fileHost = DetectorHostBuilder.Create(["--Sinks:Console=false", $"--Sinks:JsonlPath={jsonl}"], new RunOutput(TextWriter.Null)).Build())
            {
                await fileHost.RunAsync(TestContext.Current.CancellationToken);
            }

            expected = (await File.ReadAllLinesAsync(jsonl, TestContext.Current.CancellationToken)).Select(l => Key(AlertJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(l))!)).ToList();
        }
        finally
        {
            File.Delete(jsonl);
        }

        Assert.NotEmpty(expected);
        using var cluster = new MockKafkaCluster();
        cluster.SetInitialRebalanceDelay(TimeSpan.Zero);
        var root = new RootCommand { ProduceCommand.Create(NullLoggerFactory.Instance) };
        var produced = await root.Parse(["produce", Path.Combine(AppContext.BaseDirectory, Sample), "--topic", "readings", "--bootstrap", cluster.BootstrapServers]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(0, produced);

        var output = new RunOutput(new StringWriter());
        using var host = DetectorHostBuilder.Create(
        [
            "--Source:Type=Kafka",
            "--Sinks:Console=false",
            $"--Kafka:BootstrapServers={cluster.BootstrapServers}",
            "--Kafka:SessionTimeoutMs=2000",
            "--Kafka:HeartbeatIntervalMs=400",
            "--Kafka:FetchWaitMaxMs=10",
            "--Kafka:CommitInterval=00:00:00.200",
        ], output).Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var alerts = ReadAlerts(cluster.BootstrapServers, expected.Count, TimeSpan.FromSeconds(60));
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, output.ExitCode);
        Assert.Equal(expected, alerts.Select(Key));
    }

    [Fact]
    public async Task Produce_rejects_a_missing_file()
    {
        var root = new RootCommand { ProduceCommand.Create(NullLoggerFactory.Instance) };
        var code = await root.Parse(["produce", "/nowhere/readings.csv", "--bootstrap", "127.0.0.1:1"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, code);
    }

    private static string Key(Core.Domain.Alert a) => $"{a.Id}/{a.State}/{a.EpisodeId}/{a.WindowEnd:O}";

    private static List<Core.Domain.Alert> ReadAlerts(string bootstrap, int count, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "test-reader", FetchWaitMaxMs = 10 })
            .SetLogHandler((_, _) => { }).Build();
        consumer.Assign(Enumerable.Range(0, 4).Select(p => new TopicPartitionOffset("alerts", p, Offset.Beginning)));
        var alerts = new List<Core.Domain.Alert>();
        var deadline = DateTime.UtcNow + timeout;
        while (alerts.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { Message: { } m })
            {
                alerts.Add(AlertJson.Deserialize(m.Value)!);
            }
        }

        return alerts;
    }
}
