using System.Text;
using StreamAE.Connectors.Export;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.Domain;
using StreamAE.Core.Drift;
using StreamAE.Core.IO;

namespace StreamAE.Kafka.Tests;

/// <summary>
/// <c>export</c> on the mock cluster (whose offsets-for-times lookup answers "end": the exporter falls back to reading
/// from the start): the time range and sensor filter, alert episodes left out and the stretch split there, an
/// episode of a drifted model kept, bad messages counted and skipped, and an interrupted export resumed to the same files.
/// </summary>
public sealed class ExportTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestCluster _cluster = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-export-").FullName;

    public void Dispose()
    {
        _cluster.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static DateTimeOffset At(int t) => T0.AddSeconds(t);

    private async Task ProduceAsync()
    {
        using var producer = _cluster.Producer();
        for (var t = 0; t < 400; t++)
        {
            foreach (var sensor in new[] { "a", "b", "c" })
            {
                producer.Produce(new Reading(sensor, At(t), [50 + (t % 7)]));
            }

            if (t == 100)
            {
                producer.Produce(new Reading("a", At(90), [1]));   // out of order
                producer.Produce(new Reading("a", At(100), [1]));  // duplicate timestamp
                producer.ProduceRaw("a", "{ not json"u8.ToArray());
                producer.ProduceRaw("a", Encoding.UTF8.GetBytes($$"""{"sensor":"a","timestamp":"{{At(100):O}}","values":[1,2]}"""));
                producer.ProduceRaw("b", Encoding.UTF8.GetBytes($$"""{"sensor":"b","timestamp":"{{At(100):O}}","values":["NaN"]}"""));
            }
        }

        await producer.FlushAsync(TimeSpan.FromSeconds(30));

        using var alerts = new ReadingProducer(_cluster.Mock.BootstrapServers, "alerts");
        // Sensor a: an episode of 140..180 under v1 (no drift): left out. Sensor b: an episode from 200 on, still open,
        // under v1, which had reported drift on b since 190: kept. Junk on the topic is ignored.
        alerts.ProduceRaw("a", AlertJson.Serialize(Alert("a", "ep-a", EpisodeState.Open, 140, 155)));
        alerts.ProduceRaw("a", AlertJson.Serialize(Alert("a", "ep-a", EpisodeState.Closed, 140, 180)));
        alerts.ProduceRaw("b", DriftEventJson.Serialize(new DriftEvent
        {
            Id = "d", SensorId = "b", Statistic = DriftStatistic.InputRange, Value = 4, Limit = 3, Since = At(190), DetectedAt = At(195),
            Windows = 100, ModelName = "m", ModelVersion = "v1",
        }));
        alerts.ProduceRaw("b", AlertJson.Serialize(Alert("b", "ep-b", EpisodeState.Open, 200, 210)));
        alerts.ProduceRaw("x", "not an alert"u8.ToArray());
        await alerts.FlushAsync(TimeSpan.FromSeconds(30));
    }

    private static Alert Alert(string sensor, string episode, EpisodeState state, int start, int end) => new()
    {
        Id = episode + state, EpisodeId = episode, SensorId = sensor, State = state, EpisodeStart = At(start), WindowStart = At(end - 16), WindowEnd = At(end),
        Score = 5, PeakScore = 5, Threshold = 2, AnomalousWindows = 3, TopChannels = [], ModelName = "m", ModelVersion = "v1",
    };

    private ExportRequest Request(string output) => new()
    {
        Kafka = _cluster.Options(),
        Topic = "readings",
        AlertsTopic = "alerts",
        From = At(50),
        To = At(350),
        Sensors = new HashSet<string> { "a", "b" },
        ChannelNames = ["value"],
        OutDirectory = Path.Combine(_dir, output),
        MinRows = 10,
        CheckpointEvery = 50,
    };

    private static List<DateTimeOffset> Timestamps(string file) =>
        [.. File.ReadAllLines(file).Skip(1).Select(l => DateTimeOffset.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task A_range_is_exported_per_sensor_without_alert_episodes_and_bad_messages_are_counted_and_skipped()
    {
        await ProduceAsync();
        var request = Request("out");
        var result = new TopicExporter(request).Run(restart: false, TestContext.Current.CancellationToken);

        Assert.True(result.Complete);
        Assert.False(result.Resumed);
        Assert.Equal(["a.1.csv", "a.csv", "b.csv"], Directory.GetFiles(request.OutDirectory, "*.csv").Select(Path.GetFileName).Order());
        Assert.Equal("timestamp,value", File.ReadLines(Path.Combine(request.OutDirectory, "a.csv")).First());
        Assert.Equal([.. Enumerable.Range(50, 90).Select(At)], Timestamps(Path.Combine(request.OutDirectory, "a.csv")));    // up to the episode
        Assert.Equal([.. Enumerable.Range(181, 169).Select(At)], Timestamps(Path.Combine(request.OutDirectory, "a.1.csv"))); // after it
        Assert.Equal([.. Enumerable.Range(50, 300).Select(At)], Timestamps(Path.Combine(request.OutDirectory, "b.csv")));   // b's episode came with drift: kept
        Assert.Equal(50f, float.Parse(File.ReadLines(Path.Combine(request.OutDirectory, "b.csv")).ElementAt(7).Split(',')[1], System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(90 + 169 + 300, result.Kept);
        Assert.Equal(41, result.InEpisodes);
        Assert.Equal(2, result.Episodes);
        Assert.Equal(1, result.EpisodesKeptForDrift);
        Assert.Equal(400, result.OtherSensors);
        Assert.Equal(200, result.OutOfRange);
        Assert.Equal(
            new Dictionary<SkipReason, long> { [SkipReason.OutOfOrder] = 1, [SkipReason.DuplicateTimestamp] = 1, [SkipReason.Malformed] = 1, [SkipReason.WrongColumnCount] = 1, [SkipReason.NonFiniteValue] = 1 },
            result.Skipped);
        Assert.Equal((3 * 400) + 5, result.Messages);

        // Run again: already complete, nothing read twice.
        var again = new TopicExporter(request).Run(restart: false, TestContext.Current.CancellationToken);
        Assert.True(again.Resumed);
        Assert.Equal(result.Kept, again.Kept);
    }

    [Fact]
    public async Task An_interrupted_export_resumes_from_its_last_checkpoint_and_ends_with_the_same_files_as_an_uninterrupted_one()
    {
        await ProduceAsync();
        var whole = new TopicExporter(Request("whole")).Run(restart: false, TestContext.Current.CancellationToken);

        var request = Request("resumed");
        using var stop = new CancellationTokenSource();
        var interrupted = new TopicExporter(request, new StopAfterFirstCheckpoint(stop));
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.Run(restart: false, stop.Token));
        var state = ExportState.Load(request.OutDirectory)!;
        Assert.False(state.Complete);
        Assert.InRange(state.Messages, 50, (3 * 400) - 1);

        var resumed = new TopicExporter(request).Run(restart: false, TestContext.Current.CancellationToken);
        Assert.True(resumed.Resumed);
        Assert.True(resumed.Complete);
        Assert.Equal(whole with { Resumed = true }, resumed with { Skipped = whole.Skipped });
        Assert.Equal(whole.Skipped, resumed.Skipped);
        foreach (var file in Directory.GetFiles(Path.Combine(_dir, "whole"), "*.csv"))
        {
            Assert.Equal(File.ReadAllText(file), File.ReadAllText(Path.Combine(request.OutDirectory, Path.GetFileName(file))));
        }
    }

    [Fact]
    public async Task An_export_into_a_directory_of_another_range_is_refused_unless_restarted()
    {
        await ProduceAsync();
        new TopicExporter(Request("out")).Run(restart: false, TestContext.Current.CancellationToken);
        var other = Request("out") with { To = At(300) };
        var ex = Assert.Throws<InvalidOperationException>(() => new TopicExporter(other).Run(restart: false, TestContext.Current.CancellationToken));
        Assert.Contains("another range", ex.Message);
        var restarted = new TopicExporter(other).Run(restart: true, TestContext.Current.CancellationToken);
        Assert.False(restarted.Resumed);
        Assert.Equal(90 + 119 + 250, restarted.Kept);
    }

    private sealed class StopAfterFirstCheckpoint(CancellationTokenSource stop) : IExportProgress
    {
        public void Start(string task, long total)
        {
        }

        public void Report(string task, long done)
        {
            if (done > 0 && task.StartsWith("partition", StringComparison.Ordinal))
            {
                stop.Cancel();
            }
        }
    }
}
