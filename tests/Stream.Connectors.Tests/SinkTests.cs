using StreamAE.Connectors.Json;
using StreamAE.Connectors.Sinks;
using StreamAE.Core.Domain;

namespace StreamAE.Connectors.Tests;

public class SinkTests : TempFiles
{
    private static Alert Alert(EpisodeState state, string sensor = "pump-7") => new()
    {
        Id = "abc",
        EpisodeId = "abc",
        SensorId = sensor,
        State = state,
        EpisodeStart = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
        WindowStart = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
        WindowEnd = new DateTimeOffset(2024, 1, 1, 0, 31, 0, TimeSpan.Zero),
        Score = 7.5,
        PeakScore = 9.25,
        Threshold = 3,
        AnomalousWindows = 4,
        TopChannels = [new ChannelContribution("temp", 6, 0.8), new ChannelContribution("rpm", 1.5, 0.2)],
        ModelName = "arp",
        ModelVersion = "v1",
    };

    [Fact]
    public async Task The_JSONL_sink_appends_one_parsable_alert_per_line()
    {
        var path = Path.Combine(Dir, "out", "alerts.jsonl");
        await using (var sink = new JsonlFileAlertSink(path))
        {
            await sink.WriteAsync(Alert(EpisodeState.Open), TestContext.Current.CancellationToken);
            await sink.WriteAsync(Alert(EpisodeState.Closed), TestContext.Current.CancellationToken);
            await sink.FlushAsync(TestContext.Current.CancellationToken);
        }

        var lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"state\":\"open\"", lines[0]);
        var back = AlertJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(lines[1]))!;
        Assert.Equal(EpisodeState.Closed, back.State);
        Assert.Equal("temp", back.TopChannels[0].Channel);
        Assert.Equal(9.25, back.PeakScore);
    }

    [Fact]
    public async Task The_console_sink_prints_a_readable_line_per_alert()
    {
        var writer = new StringWriter();
        var sink = new ConsoleAlertSink(writer);
        await sink.WriteAsync(Alert(EpisodeState.Open), TestContext.Current.CancellationToken);
        await sink.WriteAsync(Alert(EpisodeState.Closed), TestContext.Current.CancellationToken);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ALERT OPEN   2024-01-01 00:31:00  pump-7  score 7.50 > 3.00  top: temp 80%, rpm 20%", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("ALERT CLOSED 2024-01-01 00:31:00  pump-7  episode since 2024-01-01 00:00:00, 4 anomalous windows, peak 9.25", lines[1], StringComparison.Ordinal);
    }
}
