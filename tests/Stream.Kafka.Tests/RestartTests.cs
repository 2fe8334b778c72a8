using StreamAE.Core.Domain;

namespace StreamAE.Kafka.Tests;

public class RestartTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_host_stopped_mid_stream_and_restarted_emits_every_alert_of_an_uninterrupted_run(bool calibrated)
    {
        using var cluster = new TestCluster();
        var calibration = calibrated ? Scenario.QuickLikelihood : null;
        // Calibrated, spikes must be rarer to stay anomalous: every 23 readings they would be a third of the history.
        var scenario = new Scenario(sensors: 6, readingsPerSensor: 300, spikeEvery: calibrated ? 97 : 23, calibration);
        var firstPart = scenario.Readings.Count / 2;
        Assert.True(scenario.Expected.Count(a => a.State == EpisodeState.Open) >= 6, "the scenario should alert on every sensor");

        var first = cluster.StartDetector(calibration: calibration);
        using (var producer = cluster.Producer())
        {
            // One poison message early on: it must be dead-lettered once, not again by the restarted host.
            foreach (var r in scenario.Readings.Take(firstPart / 4))
            {
                producer.Produce(r);
            }

            producer.ProduceRaw("sensor-00", "{broken"u8.ToArray());
            foreach (var r in scenario.Readings.Skip(firstPart / 4).Take(firstPart - (firstPart / 4)))
            {
                producer.Produce(r);
            }

            await producer.FlushAsync(TimeSpan.FromSeconds(30));
        }

        await RunningDetector.WaitUntil(() => first.Counters.Readings >= firstPart / 2, TimeSpan.FromSeconds(20), "the first host is half way");
        await first.StopAsync();
        var firstReadings = first.Counters.Readings;
        await first.DisposeAsync();
        Assert.InRange(firstReadings, firstPart / 2, firstPart);

        // Alerts the first host delivered, and episodes it left open (the restart must close them with the same ids).
        var before = cluster.ReadAlerts(a => a.Count >= first.Counters.AlertsDelivered, TimeSpan.FromSeconds(10));
        Assert.Equal(first.Counters.AlertsDelivered, before.Count);
        var openAtStop = before.GroupBy(a => a.SensorId).Count(g => g.Last().State == EpisodeState.Open);
        Assert.True(calibrated || openAtStop > 0, "the scenario should stop with an episode open");

        // With calibration, the restarted host continues each sensor's learned state from its checkpoint: no relearning, same alerts.
        await using var second = cluster.StartDetector(calibration: calibration);
        await cluster.ProduceAsync(scenario.Readings.Skip(firstPart));
        var alerts = cluster.ReadAlertsCovering(scenario.Expected, TimeSpan.FromSeconds(30));
        await RunningDetector.WaitUntil(() => second.Counters.Messages > 0 && firstReadings + second.Counters.Readings >= scenario.Readings.Count, TimeSpan.FromSeconds(10), "the second host has read everything");
        await second.StopAsync();

        // Whichever host met it, the poison message was dead-lettered exactly once.
        Assert.Equal(1, first.Counters.DeadLettered + second.Counters.DeadLettered);
        Assert.Single(cluster.ReadTopic("dead-letters", 1, m => m.Count > 1, TimeSpan.FromSeconds(1)));

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
