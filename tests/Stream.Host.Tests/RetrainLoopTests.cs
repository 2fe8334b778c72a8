using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.Domain;
using StreamAE.Host.Commands;
using StreamAE.Host.Retraining;
using StreamAE.Host.Serving;
using StreamAE.Testing.Kafka;

namespace StreamAE.Host.Tests;

/// <summary>
/// The drift → export → retrain → hot swap loop on the mock Kafka cluster, with the service running throughout: the
/// level of two sensors shifts, the served model alerts on nearly every window and reports drift; a candidate trained
/// on noise is refused and the old model keeps serving; one retrained on the exported post-shift data is published,
/// the service swaps to it without a restart, and its alert rate on more post-shift data is back to the clean rate.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RetrainLoopTests : IDisposable
{
    private const int Clean = 600;          // readings per sensor before the shift
    private const int Shifted = 1400;       // after it, before the retrain
    private const int After = 1000;         // after the retrain
    private const float Shift = 10;         // ≈ 6 training standard deviations
    private static readonly string[] Sensors = ["pump-1", "pump-2"];

    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-retrain-loop-").FullName;
    private readonly KafkaServiceCluster _cluster = new();

    public void Dispose()
    {
        _cluster.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Drift_is_reported_a_worse_candidate_is_refused_and_a_retrained_model_is_swapped_in_and_brings_the_alert_rate_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var models = Directory.CreateDirectory(Path.Combine(_dir, "models")).FullName;
        var v1 = TestData.TrainBundle(Path.Combine(models, "v1"), seed: 1);
        TestData.Deploy(models, "v1");
        var alertsFile = Path.Combine(_dir, "alerts.jsonl");
        var series = Sensors.Select((_, i) => TestData.Series(Clean + Shifted + After, seed: 20 + i)).ToArray();

        await using var host = RunningHost.Start(
            http: true,
            [.. KafkaHostTestKit.ServiceArguments(_cluster.BootstrapServers), "--Kafka:GroupId=retrain-loop",
            "--Calibration:Method=None", // the loop under test answers a model gone stale; calibration alone would absorb the shift
            .. KafkaServiceCluster.TopicArguments,
            $"--Model:Path={models}", "--Model:Watch=true", "--Model:PollInterval=00:00:00.100", "--Model:Debounce=00:00:00.050",
            $"--Pipeline:WindowLength={TestData.WindowLength}", "--Episodes:CooldownWindows=4", $"--Sinks:JsonlPath={alertsFile}"]);
        var http = host.Http!;

        // Clean, then shifted: the served model alerts and reports drift for both sensors.
        await ProduceAsync(series, 0, Clean + Shifted);
        await WaitForWindows(host, Clean + Shifted);
        await TestData.WaitUntil(() => DriftLines(alertsFile).Count >= Sensors.Length, "a drift event per sensor in the alerts file");
        var drift = DriftLines(alertsFile);
        Assert.All(Sensors, s => Assert.Contains(drift, d => d.SensorId == s && d.ModelVersion == v1.Manifest.Version));
        Assert.All(drift, d => Assert.True(d.Since >= At(Clean - TestData.WindowLength), $"drift of {d.SensorId} dated {d.Since:O}, before the shift"));
        var scrape = await http.GetStringAsync("/metrics", ct);
        Assert.Equal(Sensors.Length, ServiceEndpointsTests.MetricValue(scrape, "streamae_drift_sensors", $"statistic=\"input_range\""));
        Assert.Contains("drift: 2 sensor(s)", await http.GetStringAsync("/health/ready", ct));
        Assert.True(DriftOnTopic() >= Sensors.Length, "drift events on the alerts topic, typed as such");

        // Export the post-shift readings from the topic: the served model's episodes there came with its drift, so they stay.
        var export = Path.Combine(_dir, "export");
        Assert.Equal(0, await InvokeAsync(
            "export", "--topic", "readings", "--bootstrap", _cluster.BootstrapServers, "--alerts-topic", "alerts",
            "--from", At(Clean).ToString("O", CultureInfo.InvariantCulture), "--to", At(Clean + Shifted).ToString("O", CultureInfo.InvariantCulture),
            "--model", models, "--out", export));
        Assert.Equal(Sensors.Length, Directory.GetFiles(export, "*.csv").Length);

        // A candidate trained on noise is refused; 'current' and the served model stay.
        var noise = Directory.CreateDirectory(Path.Combine(_dir, "noise")).FullName;
        WriteNoise(Path.Combine(noise, "noise.csv"), 2000);
        Assert.Equal(RetrainCommand.Refused, await InvokeAsync("retrain", "--data", noise, "--holdout", export, "--models", models, "--order", "2", "--who", "test"));
        Assert.Equal("v1", File.ReadAllText(Path.Combine(models, "current")));
        var refused = RetrainLog.Read(models).Single();
        TestContext.Current.TestOutputHelper?.WriteLine(RetrainCommand.Describe(refused));
        Assert.Equal("refused", refused.Decision);
        Assert.Contains(refused.Reasons, r => r.Contains("below the floor", StringComparison.Ordinal));
        Assert.Equal(v1.Manifest.Version, refused.InService!.Version);
        Assert.Equal(v1.Manifest.Version, host.Get<ServingModel>().InService!.Version);
        Assert.Empty(Directory.GetDirectories(models, ".staging-*"));

        // Retrained on the exported data: published, and the running service swaps to it.
        Assert.Equal(0, await InvokeAsync("retrain", "--data", export, "--models", models, "--order", "2", "--who", "test"));
        var published = RetrainLog.Read(models)[^1];
        TestContext.Current.TestOutputHelper?.WriteLine(RetrainCommand.Describe(published));
        Assert.Equal("published", published.Decision);
        Assert.True(published.InService!.FalseAlertRate > 0.5, $"the served model alerts on most post-shift windows: {published.InService.FalseAlertRate:P1}");
        Assert.True(published.Candidate!.FalseAlertRate < 0.05, $"the candidate does not: {published.Candidate.FalseAlertRate:P1}");
        var v2 = published.Candidate.Version;
        await TestData.WaitUntil(() => host.Get<ServingModel>().InService?.Version == v2, "the service swaps to the retrained model");

        // More post-shift data: the alert rate is back to what the first model had on clean data.
        await ProduceAsync(series, Clean + Shifted, Clean + Shifted + After);
        await WaitForWindows(host, Clean + Shifted + After);
        await host.StopAsync();
        var alerts = Alerts(alertsFile);
        var clean = AlertShare(alerts, At(TestData.WindowLength), At(Clean));
        var shifted = AlertShare(alerts, At(Clean + TestData.WindowLength), At(Clean + Shifted));
        var retrained = AlertShare(alerts, At(Clean + Shifted + TestData.WindowLength), At(Clean + Shifted + After));
        TestContext.Current.TestOutputHelper?.WriteLine(FormattableString.Invariant($"share of windows in alert: clean {clean:P1} (first model), shifted {shifted:P1} (first model), shifted {retrained:P1} (retrained)"));
        Assert.True(shifted > 0.8, $"post-shift windows in alert under the first model: {shifted:P1}");
        Assert.True(retrained <= clean + 0.03, $"post-shift windows in alert under the retrained model: {retrained:P1}; clean data under the first: {clean:P1}");
        Assert.DoesNotContain(DriftLines(alertsFile), d => d.ModelVersion == v2);
        Assert.Equal(0, host.Output.ExitCode);
    }

    private static DateTimeOffset At(int t) => TestData.T0.AddSeconds(t);

    private async Task ProduceAsync(float[][] series, int from, int to)
    {
        using var producer = new ReadingProducer(_cluster.BootstrapServers, "readings");
        for (var t = from; t < to; t++)
        {
            for (var s = 0; s < Sensors.Length; s++)
            {
                producer.Produce(new Reading(Sensors[s], At(t), [series[s][t] + (t >= Clean ? Shift : 0)]));
            }
        }

        await producer.FlushAsync(TimeSpan.FromSeconds(30));
    }

    private static Task WaitForWindows(RunningHost host, int readingsPerSensor) =>
        TestData.WaitUntil(() => host.Output.KafkaCounters?.Windows == Sensors.Length * (readingsPerSensor - TestData.WindowLength + 1), $"{readingsPerSensor} readings per sensor windowed and scored", timeoutSeconds: 60);

    private static async Task<int> InvokeAsync(params string[] args)
    {
        var root = new RootCommand { ExportCommand.Create(), RetrainCommand.Create(NullLoggerFactory.Instance) };
        return await root.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    private static List<StreamAE.Core.Drift.DriftEvent> DriftLines(string path) =>
        !File.Exists(path) ? [] : [.. ReadLines(path).Where(l => DriftEventJson.IsDrift(l)).Select(l => DriftEventJson.Deserialize(l)!)];

    private static List<Alert> Alerts(string path) => [.. ReadLines(path).Where(l => !DriftEventJson.IsDrift(l)).Select(l => AlertJson.Deserialize(l)!)];

    private static IEnumerable<byte[]> ReadLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<byte[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.EndsWith('}'))
            {
                lines.Add(Encoding.UTF8.GetBytes(line));
            }
        }

        return lines;
    }

    /// <summary>The share of [from, to) that the sensors spent inside an alert episode (open alert's window end to close alert's), averaged over sensors.</summary>
    private static double AlertShare(List<Alert> alerts, DateTimeOffset from, DateTimeOffset to)
    {
        var shares = new List<double>();
        foreach (var sensor in Sensors)
        {
            double covered = 0;
            foreach (var open in alerts.Where(a => a.SensorId == sensor && a.State == EpisodeState.Open))
            {
                var close = alerts.FirstOrDefault(a => a.EpisodeId == open.Id && a.State == EpisodeState.Closed);
                var start = open.WindowEnd > from ? open.WindowEnd : from;
                var end = close is null || close.WindowEnd > to ? to : close.WindowEnd;
                covered += Math.Max(0, (end - start).TotalSeconds);
            }

            shares.Add(covered / (to - from).TotalSeconds);
        }

        return shares.Average();
    }

    private int DriftOnTopic()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = _cluster.BootstrapServers, GroupId = "drift-reader", FetchWaitMaxMs = 10, EnableAutoCommit = false, EnablePartitionEof = true })
            .SetLogHandler((_, _) => { }).Build();
        consumer.Assign(new TopicPartitionOffset("alerts", 0, Offset.Beginning));
        var drift = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && consumer.Consume(TimeSpan.FromMilliseconds(100)) is var result)
        {
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                break;
            }

            var typed = result.Message.Headers.TryGetLastBytes(KafkaDriftEventSink.TypeHeader, out var type) && Encoding.UTF8.GetString(type) == "drift";
            if (typed && DriftEventJson.IsDrift(result.Message.Value))
            {
                drift++;
            }
        }

        return drift;
    }

    private static void WriteNoise(string path, int rows)
    {
        var random = new Random(99);
        var text = new StringBuilder("timestamp,value\n");
        for (var t = 0; t < rows; t++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{At(t):yyyy-MM-dd HH:mm:ss},{(random.NextDouble() - 0.5) * 400}\n");
        }

        File.WriteAllText(path, text.ToString());
    }
}
