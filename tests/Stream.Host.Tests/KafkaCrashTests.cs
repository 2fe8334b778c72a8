using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using StreamAE.Connectors.Json;
using StreamAE.Testing.Kafka;
using StreamAE.Core.Domain;
using StreamAE.Host.Running;

namespace StreamAE.Host.Tests;

/// <summary>
/// A real crash: the Kafka service runs as its own process (the built <c>streamae</c>), is killed with SIGKILL in the
/// middle of the stream, and another host of the same group takes over. Nothing may be lost, and anything emitted twice
/// must be the very same alert.
/// </summary>
public sealed class KafkaCrashTests : IDisposable
{
    // The split files carry the sample's sensor id, so the Kafka run names the sensor as the file replay does.
    private const string Sensor = "machine_temperature_system_failure";
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_service_process_killed_mid_stream_loses_no_alert_and_repeats_only_identical_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        var expected = await KafkaHostTestKit.FileReplayAlertsAsync(_dir);
        Assert.True(expected.Count > 20, "the reference run should alert");
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, KafkaHostTestKit.Sample), ct);
        var split = lines.Length / 2;
        var firstHalf = Path.Combine(_dir, "first.csv");
        var secondHalf = Path.Combine(_dir, "second.csv");
        await File.WriteAllLinesAsync(firstHalf, lines[..split], ct);
        await File.WriteAllLinesAsync(secondHalf, [lines[0], .. lines[split..]], ct);

        using var cluster = new MockKafkaCluster();
        cluster.SetInitialRebalanceDelay(TimeSpan.Zero);
        await KafkaHostTestKit.ProduceAsync(cluster.BootstrapServers, firstHalf, Sensor);

        // The victim commits rarely, so the kill always lands on alerts delivered but not yet committed.
        using (var victim = StartServiceProcess(cluster.BootstrapServers, commitInterval: "00:00:30"))
        {
            try
            {
                KafkaHostTestKit.ReadAlerts(cluster.BootstrapServers, alerts => alerts.Count >= 10, TimeSpan.FromSeconds(60));
                var rest = KafkaHostTestKit.ProduceAsync(cluster.BootstrapServers, secondHalf, Sensor); // the stream goes on while the process dies
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
        using var survivor = DetectorHostBuilder.Create([.. KafkaHostTestKit.ServiceArguments(cluster.BootstrapServers)], output).Build();
        await survivor.StartAsync(ct);
        var keys = expected.Select(KafkaHostTestKit.Key).ToHashSet();
        var alerts = KafkaHostTestKit.ReadAlerts(cluster.BootstrapServers, a => keys.IsSubsetOf(a.Select(KafkaHostTestKit.Key)), TimeSpan.FromSeconds(90));
        await survivor.StopAsync(ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"{alerts.Count} alert event(s) read, {keys.Count} distinct expected, {alerts.Count - alerts.Select(KafkaHostTestKit.Key).Distinct().Count()} repeated after the crash");
        Assert.Equal(0, output.ExitCode);
        Assert.True(alerts.Count > keys.Count, "the crash should have cost a replay that repeats some alerts");
        Assert.Equal(keys.Order(), alerts.Select(KafkaHostTestKit.Key).Distinct().Order()); // every alert of the file replay, and no other
        foreach (var same in alerts.GroupBy(KafkaHostTestKit.Key))
        {
            Assert.Single(same.Select(a => Convert.ToBase64String(AlertJson.Serialize(a with { Position = null }))).Distinct());
        }
    }

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
        foreach (var argument in KafkaHostTestKit.ServiceArguments(bootstrap, commitInterval))
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
}
