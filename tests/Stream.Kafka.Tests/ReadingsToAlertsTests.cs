using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;

namespace StreamAE.Kafka.Tests;

public class ReadingsToAlertsTests
{
    [Fact]
    public async Task Readings_produced_to_the_topic_come_out_as_alerts_for_the_injected_anomalies()
    {
        using var cluster = new TestCluster();
        var scenario = new Scenario(sensors: 6, readingsPerSensor: 160);
        Assert.NotEmpty(scenario.Expected);

        await using var detector = cluster.StartDetector();
        await cluster.ProduceAsync(scenario.Readings);
        var alerts = cluster.ReadAlertsCovering(scenario.Expected, TimeSpan.FromSeconds(30));
        await RunningDetector.WaitUntil(() => detector.Counters.Commits > 0 && detector.Counters.Readings == scenario.Readings.Count, TimeSpan.FromSeconds(10), "all readings are processed");
        await detector.StopAsync();

        Assert.Equal(scenario.Expected.Select(Scenario.Key).Order(), alerts.Select(Scenario.Key).Order());
        Assert.Equal(scenario.Expected.Count, detector.Counters.AlertsDelivered);
        Assert.Equal(0, detector.Counters.DeadLettered);

        // The alert carries the reading's Kafka position and the episode's top channel (the spiked one).
        var open = alerts.First(a => a.State == Core.Domain.EpisodeState.Open);
        Assert.Equal("readings", open.Position!.Value.Source);
        Assert.Equal("a", open.TopChannels[0].Channel);
    }

    [Fact]
    public async Task A_full_channel_pauses_the_partitions_and_nothing_is_lost()
    {
        using var cluster = new TestCluster();
        var scenario = new Scenario(sensors: 8, readingsPerSensor: 100);
        var options = cluster.Options();
        options.PauseAt = 150;
        options.ResumeAt = 50;

        // Everything is on the broker before the detector starts, so the poll thread outruns the detection loop.
        // (Each resume waits for a new fetch, which the mock cluster answers slowly; keep the volume small.)
        await cluster.ProduceAsync(scenario.Readings);
        await using var detector = cluster.StartDetector(options, Scenario.PipelineWithCapacity(200));
        var alerts = cluster.ReadAlertsCovering(scenario.Expected, TimeSpan.FromSeconds(40));
        await RunningDetector.WaitUntil(() => detector.Counters.Readings == scenario.Readings.Count, TimeSpan.FromSeconds(20), "all readings are processed");
        await detector.StopAsync();

        Assert.True(detector.Counters.Pauses > 0, "the poll loop should have paused at least once");
        Assert.Equal(scenario.Expected.Select(Scenario.Key).Order(), alerts.Select(Scenario.Key).Order());
    }

    [Fact]
    public async Task Alerts_are_keyed_by_sensor_and_valid_json()
    {
        using var cluster = new TestCluster();
        var scenario = new Scenario(sensors: 2, readingsPerSensor: 80);
        await using var detector = cluster.StartDetector();
        await cluster.ProduceAsync(scenario.Readings);
        var messages = cluster.ReadTopic("alerts", 4, m => m.Count >= scenario.Expected.Count, TimeSpan.FromSeconds(30));

        Assert.Equal(scenario.Expected.Count, messages.Count);
        Assert.All(messages, m => Assert.Equal(AlertJson.Deserialize(m.Value)!.SensorId, System.Text.Encoding.UTF8.GetString(m.Key)));
    }

    [Fact]
    public void Options_that_cannot_work_are_named()
    {
        var options = new KafkaOptions { PauseAt = 100, ResumeAt = 200, AlertsTopic = "readings" };
        var problems = options.Problems();
        Assert.Contains(problems, p => p.Contains("ResumeAt", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("four different topics", StringComparison.Ordinal));
    }
}
