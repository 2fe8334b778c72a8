using System.CommandLine;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Connectors.Json;
using StreamAE.Core.Domain;
using StreamAE.Host.Commands;
using StreamAE.Host.Running;

namespace StreamAE.Host.Tests;

/// <summary>What the Kafka host tests share: the bundled sample, its file-replay alerts, fast group settings, produce, read alerts.</summary>
internal static class KafkaHostTestKit
{
    public const string Sample = "samples/data/nab/machine_temperature_system_failure.csv";

    /// <summary>The host as a Kafka service on <paramref name="bootstrap"/>, with group settings fast enough for tests.</summary>
    public static string[] ServiceArguments(string bootstrap, string commitInterval = "00:00:00.200") =>
    [
        "--Source:Type=Kafka",
        "--Sinks:Console=false",
        $"--Kafka:BootstrapServers={bootstrap}",
        "--Kafka:SessionTimeoutMs=2000",
        "--Kafka:HeartbeatIntervalMs=400",
        "--Kafka:FetchWaitMaxMs=10",
        $"--Kafka:CommitInterval={commitInterval}",
    ];

    /// <summary>An alert event's identity: the same alert emitted twice has the same key.</summary>
    public static string Key(Alert a) => $"{a.Id}/{a.State}/{a.EpisodeId}/{a.WindowEnd:O}";

    /// <summary>The reference: the alerts of the default file replay of the bundled sample, in order.</summary>
    public static async Task<List<Alert>> FileReplayAlertsAsync(string directory)
    {
        var jsonl = Path.Combine(directory, $"reference-{Guid.NewGuid():N}.jsonl");
        using (var fileHost = DetectorHostBuilder.Create(["--Sinks:Console=false", $"--Sinks:JsonlPath={jsonl}"], new RunOutput(TextWriter.Null)).Build())
        {
            await fileHost.RunAsync(TestContext.Current.CancellationToken);
        }

        var lines = await File.ReadAllLinesAsync(jsonl, TestContext.Current.CancellationToken);
        File.Delete(jsonl);
        // The file also holds drift events ("type": "drift"); the reference is the alerts.
        return [.. lines.Select(System.Text.Encoding.UTF8.GetBytes).Where(l => !DriftEventJson.IsDrift(l)).Select(l => AlertJson.Deserialize(l)!)];
    }

    /// <summary>The <c>produce</c> command, as a user runs it, into the "readings" topic.</summary>
    public static async Task ProduceAsync(string bootstrap, string file, string? sensor = null)
    {
        var root = new RootCommand { ProduceCommand.Create(NullLoggerFactory.Instance) };
        string[] args = ["produce", file, "--topic", "readings", "--bootstrap", bootstrap, .. sensor is null ? Array.Empty<string>() : ["--sensor", sensor]];
        Assert.Equal(0, await root.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// Every alert from the beginning (drift events on the topic are left out), read until <paramref name="until"/> holds. A reader that makes no progress for 3 s
    /// starts over: on the mock cluster a consumer that started on an empty partition while it was written to can stall.
    /// </summary>
    public static List<Alert> ReadAlerts(string bootstrap, Func<List<Alert>, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var alerts = new List<Alert>();
            using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "test-reader", FetchWaitMaxMs = 10, EnableAutoCommit = false })
                .SetLogHandler((_, _) => { }).Build();
            consumer.Assign(Enumerable.Range(0, 4).Select(p => new TopicPartitionOffset("alerts", p, Offset.Beginning)));
            var progress = DateTime.UtcNow;
            while (!until(alerts) && DateTime.UtcNow < deadline && DateTime.UtcNow - progress < TimeSpan.FromSeconds(3))
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { Message: { } m })
                {
                    if (!DriftEventJson.IsDrift(m.Value))
                    {
                        alerts.Add(AlertJson.Deserialize(m.Value)!);
                    }

                    progress = DateTime.UtcNow;
                }
            }

            if (until(alerts))
            {
                return alerts;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Timed out with {alerts.Count} alert(s) read.");
        }
    }
}
