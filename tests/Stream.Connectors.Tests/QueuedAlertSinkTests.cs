using StreamAE.Connectors.Json;
using StreamAE.Connectors.Sinks;
using StreamAE.Core.Domain;

namespace StreamAE.Connectors.Tests;

public class QueuedAlertSinkTests : TempFiles
{
    private static Alert Alert(int i) => new()
    {
        Id = $"id-{i}",
        EpisodeId = $"id-{i}",
        SensorId = $"sensor-{i}",
        State = EpisodeState.Open,
        EpisodeStart = DateTimeOffset.UnixEpoch,
        WindowStart = DateTimeOffset.UnixEpoch,
        WindowEnd = DateTimeOffset.UnixEpoch.AddSeconds(i),
        Score = i,
        PeakScore = i,
        Threshold = 1,
        AnomalousWindows = 1,
        TopChannels = [new ChannelContribution("value", i, 1)],
        ModelName = "m",
        ModelVersion = "v1",
    };

    [Fact]
    public async Task Fire_and_forget_writes_to_a_file_sink_land_whole_and_in_order()
    {
        var path = Path.Combine(Dir, "alerts.jsonl");
        await using (var sink = new QueuedAlertSink(new JsonlFileAlertSink(path)))
        {
            for (var i = 0; i < 2000; i++)
            {
                _ = sink.WriteAsync(Alert(i), TestContext.Current.CancellationToken); // not awaited, as the Kafka loop does
            }

            await sink.FlushAsync(TestContext.Current.CancellationToken);
            Assert.Equal(2000, File.ReadAllLines(path).Length); // flushed means written
        }

        var lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"sensor-{i}"), lines.Select(l => AlertJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(l))!.SensorId));
    }
}
