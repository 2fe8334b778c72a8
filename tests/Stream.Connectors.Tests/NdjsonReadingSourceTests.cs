using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Connectors.Files;
using StreamAE.Connectors.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Tests;

public class NdjsonReadingSourceTests : TempFiles
{
    private static async Task<(List<Reading>, IngestCounters)> ReadAll(string path, ReadingJsonFormat? format = null)
    {
        var counters = new IngestCounters();
        var source = new NdjsonReadingSource(path, format ?? new ReadingJsonFormat(), new BadInputHandler(BadInputPolicy.Skip, counters, NullLogger.Instance));
        var list = new List<Reading>();
        await foreach (var r in source.ReadAsync(TestContext.Current.CancellationToken))
        {
            list.Add(r);
        }

        return (list, counters);
    }

    [Fact]
    public async Task Reads_arrays_named_channels_and_epoch_milliseconds()
    {
        var path = Write("r.ndjson", """
            {"sensor":"p1","timestamp":"2024-05-01T10:00:00Z","values":[1.5,2]}
            {"sensor":"p1","timestamp":1714557660000,"values":{"rpm":4,"temp":3}}

            {"sensor":"p2","timestamp":"2024-05-01T10:00:00Z","values":7}
            """);
        var (readings, counters) = await ReadAll(path, new ReadingJsonFormat { ChannelNames = ["temp", "rpm"] });
        Assert.Equal(0, counters.TotalSkipped);
        Assert.Equal(3, readings.Count);
        Assert.Equal([3f, 4f], readings[1].Values); // named channels in the configured order
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 1, 0, TimeSpan.Zero), readings[1].Timestamp);
        Assert.Equal(4, readings[2].Position!.Value.Offset); // line numbers count blank lines
    }

    [Fact]
    public async Task Configurable_field_names()
    {
        var path = Write("r.ndjson", """{"id":"x","ts":"2024-05-01T10:00:00Z","v":[1]}""" + "\n");
        var (readings, _) = await ReadAll(path, new ReadingJsonFormat { SensorField = "id", TimestampField = "ts", ValuesField = "v" });
        Assert.Equal("x", Assert.Single(readings).SensorId);
    }

    [Fact]
    public async Task Bad_lines_are_counted_by_reason()
    {
        var path = Write("bad.ndjson", string.Join('\n',
            """{"sensor":"a","timestamp":"2024-05-01T10:00:00Z","values":[1,2]}""",
            """{"sensor":"a","timestamp":"2024-05-01T10:01:00Z","values":[1,""",
            """{"sensor":"a","timestamp":"soon","values":[1,2]}""",
            """{"sensor":"a","timestamp":"2024-05-01T10:02:00Z","values":["NaN",2]}""",
            """{"sensor":"a","timestamp":"2024-05-01T10:03:00Z","values":{"temp":1,"pressure":2}}""",
            """{"timestamp":"2024-05-01T10:04:00Z","values":[1,2]}""",
            """{"sensor":"a","timestamp":"2024-05-01T10:00:00Z","values":[1,2]}""",
            """[1,2,3]""",
            """{"sensor":"a","timestamp":"2024-05-01T10:09:00Z","values":[5,6]}"""));
        var (readings, counters) = await ReadAll(path, new ReadingJsonFormat { ChannelNames = ["temp", "rpm"] });
        Assert.Equal([1f, 1f, 5f], readings.Select(r => r.Values[0])); // the repeated timestamp is the pipeline's to reject
        Assert.Equal(3, counters[SkipReason.Malformed]); // truncated JSON, missing sensor, not an object
        Assert.Equal(1, counters[SkipReason.BadTimestamp]);
        Assert.Equal(1, counters[SkipReason.NonFiniteValue]);
        Assert.Equal(1, counters[SkipReason.WrongColumnCount]); // unknown channel name
    }

    [Fact]
    public void The_parser_reports_a_missing_named_channel()
    {
        var parser = new ReadingJsonParser(new ReadingJsonFormat { ChannelNames = ["temp", "rpm"] });
        var result = parser.Parse(Encoding.UTF8.GetBytes("""{"sensor":"a","timestamp":1,"values":{"temp":1}}"""));
        Assert.False(result.Success);
        Assert.Equal(SkipReason.WrongColumnCount, result.Reason);
        Assert.Contains("expected 2", result.Error);
    }
}
