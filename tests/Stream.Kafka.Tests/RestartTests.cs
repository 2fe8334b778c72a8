using StreamAE.Core.Domain;

namespace StreamAE.Kafka.Tests;

public class RestartTests
{
    [Fact]
    public async Task A_host_stopped_mid_stream_and_restarted_emits_every_alert_of_an_uninterrupted_run()
    {
        using var cluster = new TestCluster();
        var scenario = new Scenario(sensors: 6, readingsPerSensor: 300, spikeEvery: 23);
        var firstPart = scenario.Readings.Count / 2;

        var first = cluster.StartDetector();
        await cluster.ProduceAsync(scenario.Readings.Take(firstPart));
        await RunningDetector.WaitUntil(() => first.Counters.Readings >= firstPart / 2, TimeSpan.FromSeconds(20), "the first host is half way");
        await first.StopAsync();
        var firstReadings = first.Counters.Readings;
        await first.DisposeAsync();
        Assert.InRange(firstReadings, firstPart / 2, firstPart);

        // Alerts the first host delivered, and episodes it left open (the restart must close them with the same ids).
        var before = cluster.ReadAlerts(a => a.Count >= first.Counters.AlertsDelivered, TimeSpan.FromSeconds(10));
        Assert.Equal(first.Counters.AlertsDelivered, before.Count);
        var openAtStop = before.GroupBy(a => a.SensorId).Count(g => g.Last().State == EpisodeState.Open);
        Assert.True(openAtStop > 0, "the scenario should stop with an episode open");

        await using var second = cluster.StartDetector();
        await cluster.ProduceAsync(scenario.Readings.Skip(firstPart));
        var alerts = cluster.ReadAlertsCovering(scenario.Expected, TimeSpan.FromSeconds(30));
        await RunningDetector.WaitUntil(() => second.Counters.Messages > 0 && firstReadings + second.Counters.Readings >= scenario.Readings.Count, TimeSpan.FromSeconds(10), "the second host has read everything");
        await second.StopAsync();

        // None lost; duplicates only as the very same alert (same id, same content).
        Assert.Equal(scenario.Expected.Select(Scenario.Key).Order(), alerts.Select(Scenario.Key).Distinct().Order());
        foreach (var group in alerts.GroupBy(a => (a.Id, a.State)))
        {
            var json = group.Select(a => Connectors.Json.AlertJson.Serialize(a)).Select(Convert.ToBase64String).Distinct();
            Assert.Single(json);
        }

        // The restart re-read at most T−1 readings per sensor to rebuild its window.
        var reprocessed = firstReadings + second.Counters.Readings - scenario.Readings.Count;
        // (Each sensor's last T−1 readings are held back from the commit, so the replay is never empty either.)
        Assert.InRange(reprocessed, 6, 6 * (Scenario.WindowLength - 1));
        Assert.True(second.Counters.Replayed >= reprocessed);
    }
}
