using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Connectors.Files;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Tests;

public class CsvReadingSourceTests : TempFiles
{
    private static async Task<List<Reading>> ReadAll(IReadingSource source)
    {
        var list = new List<Reading>();
        await foreach (var r in source.ReadAsync(TestContext.Current.CancellationToken))
        {
            list.Add(r);
        }

        return list;
    }

    private static (CsvReadingSource Source, IngestCounters Counters) Csv(string path, BadInputPolicy policy = BadInputPolicy.Skip, CsvSourceOptions? options = null)
    {
        var counters = new IngestCounters();
        return (new CsvReadingSource(path, options ?? new CsvSourceOptions(), new BadInputHandler(policy, counters, NullLogger.Instance)), counters);
    }

    [Fact]
    public async Task Reads_NAB_timestamp_value_files_as_one_sensor_named_after_the_file()
    {
        var path = Write("machine_temp.csv", "timestamp,value\n2013-12-02 21:15:00,73.96\n2013-12-02 21:20:00,74.93\n");
        var (source, counters) = Csv(path);
        var readings = await ReadAll(source);
        Assert.Equal(2, readings.Count);
        Assert.All(readings, r => Assert.Equal("machine_temp", r.SensorId));
        Assert.Equal(new DateTimeOffset(2013, 12, 2, 21, 20, 0, TimeSpan.Zero), readings[1].Timestamp);
        Assert.Equal([74.93f], readings[1].Values);
        Assert.Equal(new SourcePosition(path, -1, 3), readings[1].Position);
        Assert.Equal(["value"], source.ReadLayout().ChannelNames);
        Assert.Equal(0, counters.TotalSkipped);
    }

    [Fact]
    public async Task Reads_multi_column_NASA_files_with_a_numeric_time_column()
    {
        var path = Write("C-1.csv", "t,telemetry,cmd1,cmd2\n0,2.1,0,1\n1,2.2,1,0\n");
        var (source, _) = Csv(path);
        var readings = await ReadAll(source);
        Assert.Equal(["telemetry", "cmd1", "cmd2"], source.ReadLayout().ChannelNames);
        Assert.Equal([2.2f, 1f, 0f], readings[1].Values);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(1), readings[1].Timestamp);
    }

    [Fact]
    public async Task A_sensor_column_splits_one_file_into_sensors_with_chosen_value_columns()
    {
        var path = Write("many.csv", "sensor,ts,a,b,ignored\np1,2024-01-01T00:00:00Z,1,2,x\np2,2024-01-01T00:00:00Z,3,4,y\np1,2024-01-01T00:01:00Z,5,6,z\n");
        var (source, counters) = Csv(path, options: new CsvSourceOptions { SensorColumn = "sensor", TimestampColumn = "ts", ValueColumns = ["b", "a"] });
        var readings = await ReadAll(source);
        Assert.Equal(["p1", "p2", "p1"], readings.Select(r => r.SensorId));
        Assert.Equal([2f, 1f], readings[0].Values);
        Assert.Equal(0, counters.TotalSkipped); // p2's timestamp equal to p1's is fine: order is per sensor
    }

    [Fact]
    public async Task Every_kind_of_bad_line_is_counted_and_skipped_and_good_lines_survive()
    {
        var path = Write("bad.csv", string.Join('\n',
            "timestamp,value",
            "2024-01-01 00:00:00,1",
            "2024-01-01 00:01:00,2,extra",   // wrong column count
            "yesterday,3",                  // unparsable timestamp
            "2024-01-01 00:02:00,abc",      // not a number
            "2024-01-01 00:03:00,NaN",      // NaN
            "2024-01-01 00:04:00,Infinity", // ∞
            "2024-01-01 00:05:00,6",
            "2024-01-01 00:05:00,7",        // duplicate timestamp: valid here, the pipeline's windower rejects it
            "2024-01-01 00:06:00,9") + "\n");
        var (source, counters) = Csv(path);
        var readings = await ReadAll(source);
        Assert.Equal([1f, 6f, 7f, 9f], readings.Select(r => r.Values[0]));
        Assert.Equal(1, counters[SkipReason.WrongColumnCount]);
        Assert.Equal(1, counters[SkipReason.BadTimestamp]);
        Assert.Equal(1, counters[SkipReason.Malformed]);
        Assert.Equal(2, counters[SkipReason.NonFiniteValue]);
        Assert.Equal(5, counters.TotalSkipped);
        Assert.Equal(9, readings[2].Position!.Value.Offset); // the line number travels with the reading
    }

    [Theory]
    [InlineData("2024-01-01 00:00:00,1,2", 2, SkipReason.WrongColumnCount)]
    [InlineData("nonsense,1", 2, SkipReason.BadTimestamp)]
    [InlineData("2024-01-01 00:00:00,-Infinity", 2, SkipReason.NonFiniteValue)]
    public async Task Under_the_fail_policy_a_bad_line_stops_the_read_naming_file_and_line(string line, int lineNumber, SkipReason reason)
    {
        var path = Write("strict.csv", $"timestamp,value\n{line}\n");
        var (source, _) = Csv(path, BadInputPolicy.Fail);
        var ex = await Assert.ThrowsAsync<BadInputException>(() => ReadAll(source));
        Assert.Equal(reason, ex.Reason);
        Assert.Contains($"{path}:{lineNumber}", ex.Message);
    }

    [Fact]
    public void An_empty_file_or_an_unknown_column_is_a_clear_error()
    {
        var empty = Write("empty.csv", "");
        Assert.Contains("empty.csv:1: the file is empty", Assert.Throws<InvalidDataException>(() => Csv(empty).Source.ReadLayout()).Message);
        var path = Write("cols.csv", "timestamp,value\n");
        var (source, _) = Csv(path, options: new CsvSourceOptions { ValueColumns = ["temp"] });
        Assert.Contains("column 'temp' is not in the header [timestamp, value]", Assert.Throws<InvalidDataException>(() => source.ReadLayout()).Message);
    }
}
