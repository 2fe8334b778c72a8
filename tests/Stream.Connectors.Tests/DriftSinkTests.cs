using System.Text;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Sinks;
using StreamAE.Core.Domain;
using StreamAE.Core.Drift;

namespace StreamAE.Connectors.Tests;

/// <summary>Drift events beside alerts: typed JSON lines in the same file (written from two tasks), a console line, the queue to every sink.</summary>
public class DriftSinkTests : TempFiles
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DriftEvent Drift(int i) => new()
    {
        Id = DriftEvent.MakeId($"pump-{i}", DriftStatistic.InputRange, T0.AddMinutes(i), "v1"),
        SensorId = $"pump-{i}",
        Statistic = DriftStatistic.InputRange,
        Value = 4.25,
        Limit = 3,
        Channel = "temp",
        Level = -4.1,
        Since = T0,
        DetectedAt = T0.AddMinutes(i),
        Windows = 120,
        ModelName = "arp",
        ModelVersion = "v1",
    };

    private static Alert Alert(int i) => new()
    {
        Id = $"a{i}", EpisodeId = $"a{i}", SensorId = "pump", State = EpisodeState.Open, EpisodeStart = T0, WindowStart = T0, WindowEnd = T0.AddMinutes(i),
        Score = 5, PeakScore = 5, Threshold = 3, AnomalousWindows = 1, TopChannels = [], ModelName = "arp", ModelVersion = "v1",
    };

    [Fact]
    public async Task Alerts_and_drift_events_written_at_once_to_one_JSONL_file_come_out_as_whole_lines_each_readable_by_its_type()
    {
        var path = Path.Combine(Dir, "alerts.jsonl");
        await using (var sink = new JsonlFileAlertSink(path))
        {
            var ct = TestContext.Current.CancellationToken;
            await Task.WhenAll(
                Task.Run(async () => { for (var i = 0; i < 500; i++) { await sink.WriteAsync(Alert(i), ct); } }, ct),
                Task.Run(async () => { for (var i = 0; i < 500; i++) { await sink.WriteAsync(Drift(i), ct); } }, ct));
            await sink.FlushAsync(ct);
        }

        var lines = File.ReadAllLines(path).Select(Encoding.UTF8.GetBytes).ToList();
        Assert.Equal(1000, lines.Count);
        var drift = lines.Where(l => DriftEventJson.IsDrift(l)).Select(l => DriftEventJson.Deserialize(l)!).ToList();
        var alerts = lines.Where(l => !DriftEventJson.IsDrift(l)).Select(l => AlertJson.Deserialize(l)!).ToList();
        Assert.Equal(Enumerable.Range(0, 500).Select(Drift), drift);
        Assert.Equal(500, alerts.Count);
        Assert.Contains("\"type\":\"drift\"", Encoding.UTF8.GetString(lines.First(l => DriftEventJson.IsDrift(l))));
        Assert.Contains("\"statistic\":\"inputRange\"", Encoding.UTF8.GetString(lines.First(l => DriftEventJson.IsDrift(l))));
        Assert.False(DriftEventJson.IsDrift("{\"state\":\"open\",\"type\":\"alert\"}"u8));
        Assert.False(DriftEventJson.IsDrift("not json"u8));
    }

    [Fact]
    public async Task The_console_sink_prints_a_readable_drift_line()
    {
        var writer = new StringWriter();
        await new ConsoleAlertSink(writer).WriteAsync(Drift(3), TestContext.Current.CancellationToken);
        Assert.StartsWith(
            "DRIFT        2024-01-01 00:03:00  pump-3  input 'temp': 4.2 training std from its mean > 3.0 (level -4.1), since 2024-01-01 00:00:00  model arp@v1  id ",
            writer.ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_drift_queue_writes_each_event_to_every_sink_and_reports_a_failing_sink_without_stopping()
    {
        var writer = new StringWriter();
        var path = Path.Combine(Dir, "drift.jsonl");
        var failures = new List<string>();
        var file = new JsonlFileAlertSink(path);
        await using (var queue = new QueuedDriftEventSink([new FailingSink(), new ConsoleAlertSink(writer), file], (d, ex) => failures.Add($"{d.SensorId}: {ex.Message}")))
        {
            queue.Post([Drift(1), Drift(2)]);
        }

        await file.DisposeAsync();
        Assert.Equal(["pump-1: broker down", "pump-2: broker down"], failures);
        Assert.Equal(2, File.ReadAllLines(path).Length);
        Assert.Equal(2, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private sealed class FailingSink : IDriftEventSink
    {
        public ValueTask WriteAsync(DriftEvent drift, CancellationToken cancellationToken) => throw new IOException("broker down");

        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
