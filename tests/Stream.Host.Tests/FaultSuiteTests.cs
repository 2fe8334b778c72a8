using System.Globalization;
using System.Net;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Connectors.Files;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Scoring;
using StreamAE.Host.Running;
using StreamAE.Host.Tests.Faults;
using StreamAE.Testing.Kafka;

namespace StreamAE.Host.Tests;

/// <summary>
/// The fault suite: the real <c>streamae</c> process against the mock cluster, tried as a hostile producer and an unlucky
/// operator would. Each test asserts only what comes out — the process (still running, or its exit code and time), the
/// alerts topic (every alert of a clean reference run, same ids), the dead-letter topic (reason, headers, bytes), the
/// metrics and the log (each bad message logged once, readably). It proves today's Kafka loop and any rewrite of it.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class FaultSuiteTests : IDisposable
{
    private const string Sensor = "machine_temperature_system_failure";
    private const int InputPartitions = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-faults-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Hostile_messages_amid_the_bundled_stream_change_no_alert_and_each_is_dead_lettered_or_skipped_counted_and_logged_once()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cluster = NewCluster("readings", "alerts", "dead-letters", "state");
        var port = ServiceProcess.FreePort();
        await using var service = ServiceProcess.Start([.. ServiceArguments(cluster.BootstrapServers, "faults"), "--Http:Enabled=true", $"--Http:Port={port}"]);
        var reference = await ReplayAlertsAsync(Path.Combine(AppContext.BaseDirectory, KafkaHostTestKit.Sample), model: null);
        Assert.True(reference.Count >= 2, "the bundled run alerts"); // its episodes opened and closed

        var good = await ReadSampleAsync(rows: null);
        var catalogue = Catalogue(good);
        var overflow = OverflowSensors(good);
        using var producer = new RawProducer(cluster.BootstrapServers, "readings");
        var half = good.Count / 2;
        var goodPartition = await producer.SendReadingsAsync(good[..half]);
        var sent = new List<(HostileMessage Message, TopicPartitionOffset At)>();
        var other = 0;
        foreach (var message in catalogue)
        {
            int? partition = message.Large ? (goodPartition + 1 + (other++ % (InputPartitions - 1))) % InputPartitions : null;
            sent.Add((message, await producer.SendAsync(message.Key, message.Value, partition)));
        }

        foreach (var (_, readings) in overflow)
        {
            await producer.SendReadingsAsync(readings);
        }

        await producer.SendReadingsAsync(good[half..]);

        var deadLettered = sent.Where(s => s.Message.Outcome is Outcome.DeadLettered or Outcome.DeadLetteredTruncated).ToList();
        var letters = TopicReader.Read(cluster.BootstrapServers, "dead-letters", 1, m => m.Count >= deadLettered.Count, Patience, service);
        var alerts = ReadAlerts(cluster.BootstrapServers, service, a =>
            reference.Select(KafkaHostTestKit.Key).ToHashSet().IsSubsetOf(a.Select(KafkaHostTestKit.Key))
            && overflow.All(o => a.Any(x => x.SensorId == o.Sensor)));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await TestData.WaitUntil(
            async () => ServiceEndpointsTests.MetricValue(await http.GetStringAsync("/metrics", ct), "streamae_readings_consumed_total") >= good.Count + catalogue.Count,
            "every message consumed",
            timeoutSeconds: 60);
        var scrape = await http.GetStringAsync("/metrics", ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"{catalogue.Count} hostile messages, {letters.Count} dead letters, {alerts.Count} alerts, {service.Log.Count} log lines");

        // The service is still running, and every alert of the clean reference run came out, with the same ids, and no other for that sensor.
        Assert.False(service.HasExited, service.Tail());
        Assert.Equal(reference.Select(KafkaHostTestKit.Key).Order(), alerts.Where(a => a.SensorId == Sensor).Select(KafkaHostTestKit.Key).Order());

        // The log is written asynchronously: wait for the last lines expected before counting them.
        foreach (var text in deadLettered.Select(d => $"Dead-lettered {LoggedAt(d.At)}: {d.Message.Reason}:").Concat(["has a missing key", "has a different key", "overflowed model", "DuplicateTimestamp: sensor"]))
        {
            await service.WaitForLogAsync(text, TimeSpan.FromSeconds(10));
        }

        // Each dead-lettered message: its reason and source in headers; its bytes whole, or a marked prefix when it would not fit.
        Assert.Equal(deadLettered.Count, letters.Count);
        foreach (var (message, at) in deadLettered)
        {
            var letter = Assert.Single(letters, l => TopicReader.Header(l, DeadLetterHeaders.SourcePartition) == at.Partition.Value.ToString(CultureInfo.InvariantCulture)
                && TopicReader.Header(l, DeadLetterHeaders.SourceOffset) == at.Offset.Value.ToString(CultureInfo.InvariantCulture));
            Assert.True(message.Reason.ToString() == TopicReader.Header(letter, DeadLetterHeaders.Reason), $"{message}: reason {TopicReader.Header(letter, DeadLetterHeaders.Reason)}");
            Assert.True(TopicReader.Header(letter, DeadLetterHeaders.Message) is { Length: > 0 and <= 1100 }, $"{message}: error header");
            var value = letter.Message.Value ?? [];
            var original = message.Value ?? [];
            if (message.Outcome == Outcome.DeadLettered)
            {
                Assert.True(original.AsSpan().SequenceEqual(value), $"{message}: the original bytes");
                Assert.True((message.Key ?? []).AsSpan().SequenceEqual(letter.Message.Key ?? []), $"{message}: the original key");
            }
            else
            {
                Assert.Equal(original.Length.ToString(CultureInfo.InvariantCulture), TopicReader.Header(letter, DeadLetterHeaders.ValueTruncatedFrom));
                Assert.True(value.Length is > 0 and <= DeadLetterPublisher.TruncatedValueBytes && original.AsSpan(0, value.Length).SequenceEqual(value), $"{message}: a prefix");
            }

            Assert.True(service.LogLines($"Dead-lettered {LoggedAt(at)}: {message.Reason}:").Count == 1, $"{message} is logged once ({at})");
        }

        // Skipped readings are counted and logged, not dead-lettered; accepted ones are neither.
        Assert.Single(service.LogLines("OutOfOrder: sensor 'machine_temperature_system_failure' timestamp 0001-01-01"));
        Assert.Single(service.LogLines("DuplicateTimestamp: sensor 'machine_temperature_system_failure'"));
        Assert.True(ServiceEndpointsTests.MetricValue(scrape, "streamae_readings_skipped_total", "reason=\"OutOfOrder\"") >= 1, scrape);
        foreach (var reason in deadLettered.GroupBy(d => d.Message.Reason))
        {
            Assert.Equal(reason.Count(), ServiceEndpointsTests.MetricValue(scrape, "streamae_dead_letters_total", $"reason=\"{reason.Key}\""));
        }

        // Overflowing values: scored, capped, flagged, counted, logged; the alert is finite JSON.
        foreach (var (sensor, _) in overflow)
        {
            var open = alerts.First(a => a.SensorId == sensor && a.State == EpisodeState.Open);
            Assert.True(open.ScoreCapped, $"{sensor}: flagged");
            Assert.Equal(ScoreGuard.MaxScore, open.RawScore); // the model's score, capped; the compared value is the calibrated one
            Assert.Equal(1.0, open.Score); // an overflowing window is as anomalous as calibration gets
        }

        Assert.True(ServiceEndpointsTests.MetricValue(scrape, "streamae_scores_capped_total") >= overflow.Count, scrape);
        Assert.NotEmpty(service.LogLines("overflowed model ar-autoencoder")); // the default model

        // Readings not keyed by their sensor: counted by kind, one warning per kind (rate-limited), the key shortened.
        Assert.Equal(3, ServiceEndpointsTests.MetricValue(scrape, "streamae_kafka_key_mismatches_total", "kind=\"missing\""));
        Assert.Equal(4, ServiceEndpointsTests.MetricValue(scrape, "streamae_kafka_key_mismatches_total", "kind=\"different\""));
        Assert.Single(service.LogLines("has a missing key"));
        Assert.Single(service.LogLines("has a different key"));

        // The log stays readable: bounded, short lines, no control characters from the input.
        Assert.True(service.Log.Count < 200, $"{service.Log.Count} log lines");
        Assert.All(service.Log, line => Assert.True(line.Length < 1500 && !line.Any(c => char.IsControl(c) || c is '\u202E' or '\u200B'), line.Length > 200 ? line[..200] : line));

        // SIGTERM: drains, flushes, commits and leaves within Kafka:CloseTimeout, exit 0.
        service.Terminate();
        var (code, took) = await service.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.True(code == ExitCodes.Ok, $"exit {code}:\n{service.Tail()}");
        Assert.True(took < TimeSpan.FromSeconds(10), $"stopped in {took.TotalSeconds:F1} s");
        Assert.NotEmpty(service.LogLines("Stopped after"));
    }

    [Fact]
    public async Task Huge_values_for_each_autoencoder_are_capped_and_flagged_and_every_reference_alert_still_comes_out()
    {
        var slice = Path.Combine(_dir, $"{Sensor}.csv");
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, KafkaHostTestKit.Sample), TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(slice, lines[..2500], TestContext.Current.CancellationToken);
        var good = await ReadSampleAsync(rows: 2499);
        var overflow = OverflowSensors(good);
        await Task.WhenAll(Run("ar-autoencoder"), Run("transformer-autoencoder"));

        async Task Run(string kind)
        {
            var model = Path.Combine(AppContext.BaseDirectory, "samples", "models", kind);
            var reference = await ReplayAlertsAsync(slice, model);
            Assert.NotEmpty(reference);
            using var cluster = NewCluster("readings", "alerts", "dead-letters", "state");
            await using var service = ServiceProcess.Start([.. ServiceArguments(cluster.BootstrapServers, kind), $"--Model:Path={model}"]);
            using (var producer = new RawProducer(cluster.BootstrapServers, "readings"))
            {
                foreach (var (_, readings) in overflow)
                {
                    await producer.SendReadingsAsync(readings);
                }

                await producer.SendReadingsAsync(good);
            }

            var keys = reference.Select(KafkaHostTestKit.Key).ToHashSet();
            var alerts = ReadAlerts(cluster.BootstrapServers, service, a => keys.IsSubsetOf(a.Select(KafkaHostTestKit.Key)) && overflow.All(o => a.Any(x => x.SensorId == o.Sensor)));
            Assert.False(service.HasExited, service.Tail());
            Assert.Equal(keys.Order(), alerts.Where(a => a.SensorId == Sensor).Select(KafkaHostTestKit.Key).Order());
            foreach (var (sensor, _) in overflow)
            {
                var open = alerts.First(a => a.SensorId == sensor && a.State == EpisodeState.Open);
                Assert.True(open.ScoreCapped && open.RawScore == ScoreGuard.MaxScore && open.Score == 1.0, $"{kind} {sensor}: raw score {open.RawScore}, calibrated {open.Score}, capped {open.ScoreCapped}");
            }

            await service.WaitForLogAsync("overflowed model", TimeSpan.FromSeconds(10)); // the log is written asynchronously
            service.Terminate();
            Assert.Equal(ExitCodes.Ok, (await service.WaitForExitAsync(TimeSpan.FromSeconds(20))).ExitCode);
        }
    }

    [Fact]
    public async Task Sigterm_with_the_broker_down_stops_within_the_close_timeout_with_exit_code_5()
    {
        using var cluster = NewCluster("readings", "alerts", "dead-letters", "state");
        await using var service = ServiceProcess.Start([.. ServiceArguments(cluster.BootstrapServers, "outage", commitInterval: "00:00:30"), "--Kafka:CloseTimeout=00:00:03"]);
        using (var producer = new RawProducer(cluster.BootstrapServers, "readings"))
        {
            await producer.SendReadingsAsync(await ReadSampleAsync(rows: 1500));
        }

        // Alerts came out, so windows are in flight and nothing is committed yet (the commit interval is 30 s).
        ReadAlerts(cluster.BootstrapServers, service, a => a.Count >= 2);
        cluster.SetBrokerDown(1);
        service.Terminate();
        var (code, took) = await service.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.True(code == ExitCodes.StoppedWithoutCommit, $"exit {code}:\n{service.Tail()}");
        Assert.True(took >= TimeSpan.FromSeconds(2.9) && took < TimeSpan.FromSeconds(8), $"stopped after {took.TotalSeconds:F1} s (Kafka:CloseTimeout is 3 s; System.CommandLine used to cut it at 2 s)");
        Assert.Single(service.LogLines("Stop did not finish within Kafka:CloseTimeout"));

        // librdkafka reports the dead broker many times a second; each client logs one line per error code (rate-limited).
        var clientErrors = service.Log.Where(l => l.Contains("Kafka consumer error", StringComparison.Ordinal) || l.Contains("Kafka producer error", StringComparison.Ordinal)).ToList();
        Assert.True(clientErrors.Count <= 8, string.Join('\n', clientErrors));
    }

    [Fact]
    public async Task An_unreachable_or_garbage_bootstrap_keeps_the_service_not_ready_then_exits_4_with_a_few_readable_lines()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = ServiceProcess.FreePort();
        string[] common = ["--Source:Type=Kafka", "--Sinks:Console=false", "--Kafka:StartTimeout=00:00:04"];
        await using var closed = ServiceProcess.Start([.. common, $"--Kafka:BootstrapServers=127.0.0.1:{ServiceProcess.FreePort()}", "--Http:Enabled=true", $"--Http:Port={port}"]);
        await using var garbage = ServiceProcess.Start([.. common, "--Kafka:BootstrapServers=not a host:::"]);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        string? readiness = null;
        await TestData.WaitUntil(
            async () =>
            {
                try
                {
                    var response = await http.GetAsync("/health/ready", ct);
                    readiness = await response.Content.ReadAsStringAsync(ct);
                    return response.StatusCode == HttpStatusCode.ServiceUnavailable && readiness.Contains("waiting for a Kafka broker", StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            },
            "not ready while no broker answers");

        foreach (var service in new[] { closed, garbage })
        {
            var (code, took) = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(code == ExitCodes.KafkaUnreachable, $"exit {code}:\n{service.Tail()}");
            Assert.Single(service.LogLines("No Kafka broker answered at Kafka:BootstrapServers"));
            Assert.True(service.LogLines("Kafka admin error").Count <= 4, service.Tail()); // rate-limited: one line per error code
            Assert.True(service.Log.Count < 12, service.Tail());
        }

        Assert.Contains("Failed to resolve", garbage.LogLines("No Kafka broker answered").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Pipeline:WindowLength=abc", "'abc' at 'Pipeline:WindowLength'")]
    [InlineData("--Kafka:CloseTimeout=soon", "'soon' at 'Kafka:CloseTimeout'")]
    [InlineData("--Source:Type=Kafka --Kafka:Settings:no.such.setting=1", "No such configuration property: \"no.such.setting\"")]
    [InlineData("--Source:Type=Kafka --Kafka:Settings:message.max.bytes=lots", "Kafka:Settings:message.max.bytes must be a positive whole number")]
    [InlineData("--Source:Type=Kafka --Limits:MaxMessageBytes=1048576", "Limits:MaxMessageBytes (1048576) must be at most 983616")]
    [InlineData("--Limits:MaxFutureSkew=-01:00:00", "Limits:MaxFutureSkew must be between")]
    [InlineData("--Limits:MaxSensorIdLength=0", "Limits:MaxSensorIdLength must be between")]
    public async Task A_bad_setting_value_exits_3_with_one_line_naming_it_and_no_stack_trace(string arguments, string named)
    {
        await using var service = ServiceProcess.Start(["run", "--Sinks:Console=false", .. arguments.Split(' ')]);
        var (code, _) = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == ExitCodes.InvalidConfiguration, $"exit {code}:\n{service.Tail()}");
        var line = Assert.Single(service.Log, l => l.Length > 0);
        Assert.StartsWith("Invalid configuration: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    /// <summary>The hostile catalogue, all but the good sensor's on sensors of their own. See the README's bad-input policy.</summary>
    private static List<HostileMessage> Catalogue(List<Reading> good)
    {
        var middle = good[good.Count / 2 - 1]; // the good sensor's last reading before the hostile ones
        var t = "2013-12-02T21:15:00Z";
        var bigId = new string('x', 600_000);
        string Filler(int bytes) => "{\"not json" + new string('.', bytes - 10);
        return
        [
            HostileMessage.Text("not JSON", "h-not-json", "{not json", Outcome.DeadLettered, SkipReason.Malformed),
            new("tombstone (no value)", "h-tombstone"u8.ToArray(), null, Outcome.DeadLettered, SkipReason.Malformed),
            new("no key, empty value", null, [], Outcome.DeadLettered, SkipReason.Malformed),
            HostileMessage.Text("top-level array", "h-array", "[1,2,3]", Outcome.DeadLettered, SkipReason.Malformed),
            HostileMessage.Text("a property twice", "h-dup", $$"""{"sensor":"h-dup","sensor":"{{Sensor}}","timestamp":"{{t}}","values":[1]}""", Outcome.DeadLettered, SkipReason.Malformed),
            HostileMessage.Text("lone surrogate escape in the sensor id", "h-surrogate", $$"""{"sensor":"\ud800","timestamp":"{{t}}","values":[1]}""", Outcome.DeadLettered, SkipReason.Malformed),
            new("invalid UTF-8 in the sensor id", "h-utf8"u8.ToArray(), [.. "{\"sensor\":\""u8, 0xff, 0xfe, .. "\",\"timestamp\":1,\"values\":[1]}"u8], Outcome.DeadLettered, SkipReason.Malformed),
            HostileMessage.Text("sensor id as an object", "h-object", $$"""{"sensor":{"id":1},"timestamp":"{{t}}","values":[1]}""", Outcome.DeadLettered, SkipReason.Malformed),
            HostileMessage.Text("nesting bomb, 100k deep", "h-nesting", $$"""{"sensor":"h-nesting","timestamp":"{{t}}","values":{{new string('[', 100_000)}}{{new string(']', 100_000)}}}""", Outcome.DeadLettered, SkipReason.Malformed),
            HostileMessage.Reading("100k values", "h-many", t, "[" + string.Join(',', Enumerable.Repeat("1", 100_000)) + "]", Outcome.DeadLettered, SkipReason.TooLarge),
            HostileMessage.Text("timestamp 1e30", "h-ts", """{"sensor":"h-ts","timestamp":1e30,"values":[1]}""", Outcome.DeadLettered, SkipReason.BadTimestamp),
            HostileMessage.Reading("value 1e39 (finite JSON, infinite float)", "h-1e39", t, "[1e39]", Outcome.DeadLettered, SkipReason.NonFiniteValue),
            HostileMessage.Reading("value \"NaN\"", "h-nan", t, "[\"NaN\"]", Outcome.DeadLettered, SkipReason.NonFiniteValue),
            HostileMessage.Reading("two channels for a one-channel model", "h-channels", t, "[1,2]", Outcome.DeadLettered, SkipReason.WrongColumnCount),
            HostileMessage.Reading("a 257-character sensor id", new string('s', 257), t, "[1]", Outcome.DeadLettered, SkipReason.BadSensorId),
            HostileMessage.Reading("a newline in the sensor id (log forging)", "h-line\n12:00:00 crit: forged", t, "[1]", Outcome.DeadLettered, SkipReason.BadSensorId),
            HostileMessage.Reading("a bidi override in the sensor id", "h-bidi\u202Eevil", t, "[1]", Outcome.DeadLettered, SkipReason.BadSensorId),
            HostileMessage.Reading("NUL in the sensor id", "h-nul\0", t, "[1]", Outcome.DeadLettered, SkipReason.BadSensorId),
            HostileMessage.Reading("a 600 KB sensor id, keyed by it", bigId, t, "[1]", Outcome.DeadLetteredTruncated, SkipReason.BadSensorId),
            HostileMessage.Text("malformed at exactly Limits:MaxMessageBytes", "h-at-limit", Filler(983_040), Outcome.DeadLettered, SkipReason.Malformed),
            HostileMessage.Text("one byte over Limits:MaxMessageBytes (still fits the producer)", "h-over-limit", Filler(983_041), Outcome.DeadLettered, SkipReason.TooLarge),
            HostileMessage.Text("1,040,000 bytes (over the producer's limit)", "h-1040k", Filler(1_040_000), Outcome.DeadLetteredTruncated, SkipReason.TooLarge),
            HostileMessage.Text("1.5 MB", "h-1500k", Filler(1_500_000), Outcome.DeadLetteredTruncated, SkipReason.TooLarge),
            HostileMessage.Reading("the good sensor stamped 9999-12-31", Sensor, "9999-12-31T00:00:00Z", "[80]", Outcome.DeadLettered, SkipReason.FutureTimestamp),
            HostileMessage.Reading("a fresh sensor stamped 2100", "h-2100", "2100-01-01T00:00:00Z", "[80]", Outcome.DeadLettered, SkipReason.FutureTimestamp),
            HostileMessage.Reading("the good sensor stamped 0001-01-01", Sensor, "0001-01-01T00:00:00Z", "[80]", Outcome.Skipped, SkipReason.OutOfOrder),
            HostileMessage.Reading("the good sensor's last timestamp again, value 1e30", Sensor, Iso(middle.Timestamp), "[1e30]", Outcome.Skipped, SkipReason.DuplicateTimestamp),
            HostileMessage.Reading("a fresh sensor stamped 0001-01-01", "h-ancient", "0001-01-01T00:00:00Z", "[80]", Outcome.Accepted),
            HostileMessage.Reading("a unicode sensor id", "Pumpe-Straße-温度-🔥", t, "[80]", Outcome.Accepted),
            HostileMessage.Reading("negative zero and the smallest float", "h-tiny", t, "[-0.0]", Outcome.Accepted),
            HostileMessage.Reading("a 600 KB key on a valid reading", "h-big-key", t, "[80]", Outcome.Accepted, key: bigId),
            .. Enumerable.Range(0, 3).Select(i => HostileMessage.Reading($"unkeyed reading {i}", "h-unkeyed", $"2013-12-02T21:{15 + i}:00Z", "[80]", Outcome.Accepted, key: null)),
            .. Enumerable.Range(0, 3).Select(i => HostileMessage.Reading($"reading keyed by another id {i}", "h-other-key", $"2013-12-02T21:{15 + i}:00Z", "[80]", Outcome.Accepted, key: "not-the-sensor")),
        ];
    }

    /// <summary>Sensors whose 40th reading is finite but overflows any model (1e20, float's largest, its most negative); the rest is the sample's start.</summary>
    private static List<(string Sensor, List<Reading> Readings)> OverflowSensors(List<Reading> good) =>
        [.. new[] { ("h-overflow-1e20", 1e20f), ("h-overflow-max", float.MaxValue), ("h-overflow-min", float.MinValue) }
            .Select(o => (o.Item1, good.Take(60).Select((r, i) => new Reading(o.Item1, r.Timestamp, [i == 39 ? o.Item2 : r.Values[0]])).ToList()))];

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static MockKafkaCluster NewCluster(params string[] topics)
    {
        var cluster = new MockKafkaCluster();
        cluster.SetInitialRebalanceDelay(TimeSpan.Zero);
        foreach (var topic in topics)
        {
            cluster.CreateTopic(topic, topic == "readings" ? InputPartitions : 1);
        }

        return cluster;
    }

    private static string[] ServiceArguments(string bootstrap, string group, string commitInterval = "00:00:00.200") =>
    [
        "run", "--Source:Type=Kafka", "--Sinks:Console=false", $"--Kafka:BootstrapServers={bootstrap}", $"--Kafka:GroupId={group}",
        "--Kafka:InputTopic=readings", "--Kafka:AlertsTopic=alerts", "--Kafka:DeadLetterTopic=dead-letters", "--Kafka:StateTopic=state",
        "--Kafka:SessionTimeoutMs=2000", "--Kafka:HeartbeatIntervalMs=400", "--Kafka:FetchWaitMaxMs=10", $"--Kafka:CommitInterval={commitInterval}",
    ];

    /// <summary>The bundled sample's readings (the first <paramref name="rows"/>), as the file source reads them.</summary>
    private static async Task<List<Reading>> ReadSampleAsync(int? rows)
    {
        var source = new CsvReadingSource(
            Path.Combine(AppContext.BaseDirectory, KafkaHostTestKit.Sample),
            new CsvSourceOptions(),
            new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), NullLogger.Instance));
        // The good stream: the sample without its own out-of-order rows (the pipeline would skip them; here they would
        // only crowd the sampled log lines this suite counts).
        var readings = new List<Reading>();
        await foreach (var reading in source.ReadAsync(TestContext.Current.CancellationToken))
        {
            if (readings.Count == 0 || reading.Timestamp > readings[^1].Timestamp)
            {
                readings.Add(reading);
            }
        }

        return rows is { } n ? readings[..n] : readings;
    }

    /// <summary>The reference: the alerts of a clean file replay of <paramref name="file"/> (in process), in order.</summary>
    private async Task<List<Alert>> ReplayAlertsAsync(string file, string? model)
    {
        var jsonl = Path.Combine(_dir, $"reference-{Guid.NewGuid():N}.jsonl");
        string[] args = ["--Sinks:Console=false", $"--Sinks:JsonlPath={jsonl}", $"--Source:Path={file}", "--Source:LabelsPath=", .. model is null ? Array.Empty<string>() : [$"--Model:Path={model}"]];
        using (var host = DetectorHostBuilder.Create(args, new RunOutput(TextWriter.Null)).Build())
        {
            await host.RunAsync(TestContext.Current.CancellationToken);
        }

        return File.Exists(jsonl) ? [.. File.ReadAllLines(jsonl).Select(Encoding.UTF8.GetBytes).Where(l => !DriftEventJson.IsDrift(l)).Select(l => AlertJson.Deserialize(l)!)] : [];
    }

    private static List<Alert> ReadAlerts(string bootstrap, ServiceProcess service, Func<List<Alert>, bool> until)
    {
        // The alerts topic also carries drift events ("type": "drift"); these tests are about alerts.
        List<Alert> Parse(List<ConsumeResult<byte[], byte[]>> messages) => [.. messages.Where(m => !DriftEventJson.IsDrift(m.Message.Value)).Select(m => AlertJson.Deserialize(m.Message.Value)!)];
        return Parse(TopicReader.Read(bootstrap, "alerts", 1, m => until(Parse(m)), Patience, service));
    }

    /// <summary>How the service names a message's position in its log lines (topic[partition]@offset).</summary>
    private static string LoggedAt(TopicPartitionOffset at) => new Core.Domain.SourcePosition(at.Topic, at.Partition.Value, at.Offset.Value).ToString();
}
