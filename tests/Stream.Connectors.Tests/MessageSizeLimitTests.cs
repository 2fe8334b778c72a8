using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Connectors.Files;
using StreamAE.Connectors.Json;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Tests;

public class MessageSizeLimitTests : TempFiles
{
    [Fact]
    public async Task A_line_over_the_message_size_limit_is_skipped_as_too_large_and_counted()
    {
        var big = string.Join(",", Enumerable.Repeat("1.0", 100));
        var path = Write("r.ndjson", $$"""
            {"sensor":"p1","timestamp":"2024-05-01T10:00:00Z","values":[1]}
            {"sensor":"p1","timestamp":"2024-05-01T10:01:00Z","values":[{{big}}]}
            {"sensor":"p1","timestamp":"2024-05-01T10:02:00Z","values":[2]}
            """);
        var counters = new IngestCounters();
        var source = new NdjsonReadingSource(path, new ReadingJsonFormat(), new BadInputHandler(BadInputPolicy.Skip, counters, NullLogger.Instance), maxLineBytes: 200);
        var readings = new List<float>();
        await foreach (var r in source.ReadAsync(TestContext.Current.CancellationToken))
        {
            readings.Add(r.Values[0]);
        }

        Assert.Equal([1f, 2f], readings);
        Assert.Equal(1, counters[SkipReason.TooLarge]);
    }

    [Fact]
    public async Task Under_the_fail_policy_a_too_large_line_stops_the_read_naming_the_line()
    {
        var path = Write("r.ndjson", $$"""{"sensor":"p1","timestamp":"2024-05-01T10:00:00Z","values":[{{new string('1', 300)}}]}""" + "\n");
        var source = new NdjsonReadingSource(path, new ReadingJsonFormat(), new BadInputHandler(BadInputPolicy.Fail, new IngestCounters(), NullLogger.Instance), maxLineBytes: 100);
        var ex = await Assert.ThrowsAsync<BadInputException>(async () =>
        {
            await foreach (var _ in source.ReadAsync(TestContext.Current.CancellationToken))
            {
            }
        });
        Assert.Equal(SkipReason.TooLarge, ex.Reason);
        Assert.Contains("r.ndjson:1", ex.Message);
        Assert.Contains("Limits:MaxMessageBytes", ex.Message);
    }
}
