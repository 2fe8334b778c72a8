using Confluent.Kafka;
using StreamAE.Connectors.Kafka;

namespace StreamAE.Kafka.Tests;

public class DeliveryFailureTests
{
    private const short ProduceRequest = 0;

    [Fact]
    public async Task Alerts_the_broker_refuses_stop_the_detector_before_any_commit_and_a_restart_emits_them_all()
    {
        using var cluster = new TestCluster();
        var scenario = new Scenario(sensors: 3, readingsPerSensor: 150, spikeEvery: 31);
        await cluster.ProduceAsync(scenario.Readings);

        // From now on the broker refuses every produce request (alerts, checkpoints) with a permanent error.
        cluster.Mock.FailNextRequests(ProduceRequest, ErrorCode.TopicAuthorizationFailed, 10_000);
        var first = cluster.StartDetector();
        var failure = await Assert.ThrowsAsync<KafkaDeliveryException>(() => first.Completion.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        Assert.Contains("alerts", failure.Message, StringComparison.Ordinal);
        Assert.True(first.Counters.Alerts > 0, "the detector should have produced alerts that the broker refused");
        Assert.Equal(0, first.Counters.AlertsDelivered);
        Assert.Equal(0, first.Counters.Commits); // offsets never move past alerts that were not acknowledged
        await first.DisposeAsync();

        // The broker accepts again: a new detector replays the uncommitted readings and emits every alert.
        cluster.Mock.ClearRequestFailures(ProduceRequest);
        await using var second = cluster.StartDetector();
        var alerts = cluster.ReadAlertsCovering(scenario.Expected, TimeSpan.FromSeconds(40));
        await second.StopAsync();

        Assert.Equal(scenario.Expected.Select(Scenario.Key).Order(), alerts.Select(Scenario.Key).Distinct().Order());
        Assert.Equal(scenario.Readings.Count, second.Counters.Readings);
    }

    [Fact]
    public async Task An_alert_the_producer_refuses_on_the_spot_fails_the_next_flush_like_a_refused_delivery()
    {
        // librdkafka refuses some messages synchronously (here: larger than message.max.bytes; a producer in a fatal
        // state refuses everything): that must surface where broker refusals do, at the flush before a commit.
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = "127.0.0.1:1", MessageMaxBytes = 1000 })
            .SetLogHandler((_, _) => { }).Build();
        var deliveries = new DeliveryTracker();
        await using var sink = new KafkaAlertSink(producer, "alerts", deliveries, TimeSpan.FromSeconds(5));
        var at = DateTimeOffset.UnixEpoch;
        var alert = new Core.Domain.Alert
        {
            Id = "a", EpisodeId = "a", SensorId = new string('s', 2000), State = Core.Domain.EpisodeState.Open, EpisodeStart = at,
            WindowStart = at, WindowEnd = at, Score = 2, PeakScore = 2, Threshold = 1, AnomalousWindows = 1, TopChannels = [],
            ModelName = "m", ModelVersion = "v",
        };

        await sink.WriteAsync(alert, TestContext.Current.CancellationToken); // does not throw: the failure is recorded
        Assert.Equal(0, deliveries.Pending);
        var failure = await Assert.ThrowsAsync<KafkaDeliveryException>(async () => await sink.FlushAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Producing to 'alerts' failed", failure.Message, StringComparison.Ordinal);
    }
}
