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

public class UnreachableBrokerShutdownTests
{
    [Fact]
    public async Task Stopping_while_the_broker_is_unreachable_ends_within_bounded_time()
    {
        using var cluster = new TestCluster(brokers: 1);
        var scenario = new Scenario(sensors: 2, readingsPerSensor: 60);
        var options = cluster.Options();
        options.CloseTimeout = TimeSpan.FromSeconds(2);
        options.DeliveryTimeout = TimeSpan.FromSeconds(5);
        options.CommitInterval = TimeSpan.FromMinutes(5); // so the final commit is attempted with the broker gone

        var detector = cluster.StartDetector(options);
        await cluster.ProduceAsync(scenario.Readings);
        await RunningDetector.WaitUntil(() => detector.Counters.Readings == scenario.Readings.Count, TimeSpan.FromSeconds(20), "everything is processed");
        Assert.Equal(0, detector.Counters.Commits);
        cluster.Mock.SetBrokerDown(1);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await detector.StopAsync();
        }
        catch (Exception ex) when (ex is Confluent.Kafka.KafkaException or Connectors.Kafka.KafkaDeliveryException)
        {
            // Failing to commit on the way out is acceptable; hanging is not.
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"shutdown took {stopwatch.Elapsed.TotalSeconds:0.0} s");
        await detector.DisposeAsync();
    }
}
