using Microsoft.Extensions.Time.Testing;
using StreamAE.Core.Health;

namespace StreamAE.Core.Tests;

public class HealthTests
{
    [Fact]
    public void The_heartbeat_reports_the_time_since_the_loop_last_beat()
    {
        var time = new FakeTimeProvider();
        var heartbeat = new PipelineHeartbeat(time, TimeSpan.FromSeconds(1));
        Assert.False(heartbeat.Started);
        Assert.Null(heartbeat.SinceLastBeat);
        heartbeat.Beat();
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(heartbeat.Started);
        Assert.Equal(TimeSpan.FromSeconds(5), heartbeat.SinceLastBeat);
        heartbeat.Beat();
        Assert.Equal(TimeSpan.Zero, heartbeat.SinceLastBeat);
    }

    [Fact]
    public void A_file_source_is_ready_while_consuming()
    {
        var status = new SourceStatus();
        Assert.False(status.IsReady(100, out var reason));
        Assert.Contains("not consuming", reason);
        status.MarkConsuming("reading data.csv");
        Assert.True(status.IsReady(100, out _));
        status.MarkStopped("data.csv finished");
        Assert.False(status.IsReady(100, out _));
    }

    [Fact]
    public void A_partitioned_source_is_ready_only_with_partitions_assigned_and_lag_under_the_limit()
    {
        var status = new SourceStatus();
        var reported = new List<(string, int, long)>();
        status.LagReported += (t, p, l) => reported.Add((t, p, l));
        status.UsePartitions();
        status.MarkConsuming("reading kafka"); // the runner's generic mark does not count for a partitioned source
        Assert.False(status.IsReady(100, out var reason));
        Assert.Contains("no partitions assigned", reason);

        status.SetAssignment([("readings", 0), ("readings", 1)]);
        status.ReportLag("readings", 0, 10);
        status.ReportLag("readings", 1, 500);
        Assert.False(status.IsReady(100, out reason));
        Assert.Contains("readings[1] lag 500", reason);

        status.SetAssignment([("readings", 0)]); // partition 1 revoked: its lag is forgotten
        Assert.True(status.IsReady(100, out _));
        Assert.Equal(10, status.MaxLag);
        Assert.Equal(2, reported.Count);
    }
}
