using System.CommandLine;
using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka.Mock;
using StreamAE.Core.Domain;
using StreamAE.Host.Commands;
using StreamAE.Host.Running;

namespace StreamAE.Host.Tests;

/// <summary>
/// A real crash: the Kafka service runs as its own process (the built <c>streamae</c>), is killed with SIGKILL in the
/// middle of the stream, and another host of the same group takes over. Nothing may be lost, and anything emitted twice
/// must be the very same alert.
/// </summary>
public sealed class KafkaCrashTests : IDisposable
{
    private const string Sample = "samples/data/nab/machine_temperature_system_failure.csv";
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_service_process_killed_mid_stream_loses_no_alert_and_repeats_only_identical_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        var expected = await FileReplayAlerts();
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, Sample), ct);
        var split = lines.Length / 2;
        var firstHalf = Path.Combine(_dir, "first.csv");
        var secondHalf = Path.Combine(_dir, "second.csv");
        await File.WriteAllLinesAsync(firstHalf, lines[..split], ct);
        await File.WriteAllLinesAsync(secondHalf, [lines[0], .. lines[split..]], ct);

        using var cluster = new MockKafkaCluster();
        cluster.SetInitialRebalanceDelay(TimeSpan.Zero);
        await Produce(cluster, firstHalf);

        // The victim commits rarely, so the kill always lands on alerts delivered but not yet committed.
        using (var victim = StartServiceProcess(cluster.BootstrapServers, commitInterval: "00:00:30"))
        {
            try
            {
                ReadAlerts(cluster.BootstrapServers, alerts => alerts.Count >= 10, TimeSpan.FromSeconds(60));
                var rest = Produce(cluster, secondHalf); // the stream goes on while the process dies
                victim.Kill(entireProcessTree: true); // SIGKILL: no drain, no flush, no commit, no leaving the group
                await victim.WaitForExitAsync(ct);
                await rest;
            }
            finally
            {
                if (!victim.HasExited)
                {
                    victim.Kill(entireProcessTree: true); // never leave a service process behind a failed test
                }
            }
        }

        var output = new RunOutput(new StringWriter());
        using var survivor = DetectorHostBuilder.Create([.. ServiceArguments(cluster.BootstrapServers)], output).Build();
        await survivor.StartAsync(ct);
        var keys = expected.Select(Key).ToHashSet();
        var alerts = ReadAlerts(cluster.BootstrapServers, a => keys.IsSubsetOf(a.Select(Key)), TimeSpan.FromSeconds(90));
        await survivor.StopAsync(ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"{alerts.Count} alert event(s) read, {keys.Count} distinct expected, {alerts.Count - alerts.Select(Key).Distinct().Count()} repeated after the crash");
        Assert.Equal(0, output.ExitCode);
        Assert.True(alerts.Count > keys.Count, "the crash should have cost a replay that repeats some alerts");
        Assert.Equal(keys.Order(), alerts.Select(Key).Distinct().Order()); // every alert of the file replay, and no other
        foreach (var same in alerts.GroupBy(Key))
        {
            Assert.Single(same.Select(a => Convert.ToBase64String(AlertJson.Serialize(a with { Position = null }))).Distinct());
        }
    }

    private static string[] ServiceArguments(string bootstrap, string commitInterval = "00:00:00.200") =>
    [
        "--Source:Type=Kafka",
        "--Sinks:Console=false",
        $"--Kafka:BootstrapServers={bootstrap}",
        "--Kafka:SessionTimeoutMs=2000",
        "--Kafka:HeartbeatIntervalMs=400",
        "--Kafka:FetchWaitMaxMs=10",
        $"--Kafka:CommitInterval={commitInterval}",
    ];

    private static Process StartServiceProcess(string bootstrap, string commitInterval)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "streamae.dll"));
        start.ArgumentList.Add("run");
        foreach (var argument in ServiceArguments(bootstrap, commitInterval))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the service process");
        process.OutputDataReceived += (_, _) => { }; // drained so the child never blocks on a full pipe
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task Produce(MockKafkaCluster cluster, string file)
    {
        var root = new RootCommand { ProduceCommand.Create(NullLoggerFactory.Instance) };
        var code = await root.Parse(["produce", file, "--topic", "readings", "--bootstrap", cluster.BootstrapServers, "--sensor", "machine_temperature_system_failure"])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(0, code);
    }

    private async Task<List<Alert>> FileReplayAlerts()
    {
        var jsonl = Path.Combine(_dir, "reference.jsonl");
        using (var fileHost = DetectorHostBuilder.Create(["--Sinks:Console=false", $"--Sinks:JsonlPath={jsonl}"], new RunOutput(TextWriter.Null)).Build())
        {
            await fileHost.RunAsync(TestContext.Current.CancellationToken);
        }

        var alerts = (await File.ReadAllLinesAsync(jsonl, TestContext.Current.CancellationToken)).Select(l => AlertJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(l))!).ToList();
        Assert.True(alerts.Count > 20, "the reference run should alert");
        return alerts;
    }

    private static string Key(Alert a) => $"{a.Id}/{a.State}/{a.EpisodeId}/{a.WindowEnd:O}";

    /// <summary>
    /// Every alert from the beginning, read until <paramref name="until"/> holds. A reader that makes no progress for 3 s
    /// starts over: on the mock cluster a consumer that started on an empty partition while it was written to can stall.
    /// </summary>
    private static List<Alert> ReadAlerts(string bootstrap, Func<List<Alert>, bool> until, TimeSpan timeout)
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
                    alerts.Add(AlertJson.Deserialize(m.Value)!);
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
