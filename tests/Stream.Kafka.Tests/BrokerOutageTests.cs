namespace StreamAE.Kafka.Tests;

public class BrokerOutageTests
{
    [Fact]
    public async Task The_detector_survives_a_broker_outage_and_loses_no_alert()
    {
        using var cluster = new TestCluster(brokers: 1);
        var scenario = new Scenario(sensors: 4, readingsPerSensor: 200, spikeEvery: 29);
        var half = scenario.Readings.Count / 2;

        await using var detector = cluster.StartDetector();
        await cluster.ProduceAsync(scenario.Readings.Take(half));
        await RunningDetector.WaitUntil(() => detector.Counters.Readings == half && detector.Counters.Commits > 0, TimeSpan.FromSeconds(20), "the first half is processed");

        // The only broker goes away for longer than the session timeout, then comes back.
        cluster.Mock.SetBrokerDown(1);
        var commitsBefore = detector.Counters.Commits;
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.False(detector.Completion.IsCompleted, "the detector must keep running through the outage");
        cluster.Mock.SetBrokerUp(1);

        await cluster.ProduceAsync(scenario.Readings.Skip(half));
        var alerts = cluster.ReadAlertsCovering(scenario.Expected, TimeSpan.FromSeconds(40));
        await RunningDetector.WaitUntil(() => detector.Counters.Commits > commitsBefore, TimeSpan.FromSeconds(20), "commits resume");
        await detector.StopAsync();

        Assert.Equal(scenario.Expected.Select(Scenario.Key).Order(), alerts.Select(Scenario.Key).Distinct().Order());
    }
}
