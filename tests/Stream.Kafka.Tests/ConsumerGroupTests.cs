namespace StreamAE.Kafka.Tests;

public class ConsumerGroupTests
{
    [Fact]
    public async Task Two_hosts_split_the_partitions_and_the_survivor_takes_over_without_losing_a_window()
    {
        using var cluster = new TestCluster();
        var scenario = new Scenario(sensors: 8, readingsPerSensor: 240, spikeEvery: 31);
        var chunk = scenario.Readings.Count / 3;

        await using var a = cluster.StartDetector();
        await cluster.ProduceAsync(scenario.Readings.Take(chunk));
        await RunningDetector.WaitUntil(() => a.Counters.Readings > 0, TimeSpan.FromSeconds(20), "host A is reading");

        // B joins: cooperative-sticky moves some partitions from A to B (A finishes and commits them first).
        await using var b = cluster.StartDetector();
        await RunningDetector.WaitUntil(() => b.Counters.Assignments > 0 && a.Counters.Revocations > 0, TimeSpan.FromSeconds(20), "the group has rebalanced");
        await cluster.ProduceAsync(scenario.Readings.Skip(chunk).Take(chunk));
        await RunningDetector.WaitUntil(() => a.Counters.Readings + b.Counters.Readings >= 2 * chunk, TimeSpan.FromSeconds(20), "both hosts have read the second part");
        Assert.True(a.Counters.Readings > 0 && b.Counters.Readings > 0, "both hosts should have worked");
        Assert.InRange(b.Detector.TrackedSensors, 1, 7);

        // A leaves; B takes over A's sensors and resumes their windows and episodes from A's checkpoints.
        await a.StopAsync();
        await cluster.ProduceAsync(scenario.Readings.Skip(2 * chunk));
        var alerts = cluster.ReadAlertsCovering(scenario.Expected, TimeSpan.FromSeconds(30));
        await RunningDetector.WaitUntil(() => b.Detector.TrackedSensors == 8, TimeSpan.FromSeconds(10), "B tracks every sensor");
        await b.StopAsync();

        Assert.Equal(scenario.Expected.Select(Scenario.Key).Order(), alerts.Select(Scenario.Key).Distinct().Order());

        // No window lost: together the hosts scored at least every window of the uninterrupted run.
        var expectedWindows = 8 * (240 - Scenario.WindowLength + 1);
        Assert.True(a.Counters.Windows + b.Counters.Windows >= expectedWindows, $"{a.Counters.Windows} + {b.Counters.Windows} windows < {expectedWindows}");
    }
}
