using DotNet.Testcontainers.Builders;
using Testcontainers.Kafka;

namespace StreamAE.Kafka.Tests;

/// <summary>
/// The same end-to-end path against a real Apache Kafka in a container. Runs wherever a Docker engine is reachable;
/// elsewhere (as on the build machine) it is skipped and says why.
/// </summary>
public class RealKafkaTests
{
    [Fact]
    public async Task Readings_become_alerts_on_a_real_Apache_Kafka()
    {
        // Testcontainers finds no Docker endpoint at all: say so without waiting for Build() to time out.
        if (DotNet.Testcontainers.Configurations.TestcontainersSettings.OS.DockerEndpointAuthConfig is null)
        {
            Assert.Skip("No Docker endpoint found (DOCKER_HOST, ~/.testcontainers.properties, /var/run/docker.sock), so no real Kafka container; the mock-cluster tests cover the same paths.");
        }

        KafkaContainer container;
        try
        {
            container = new KafkaBuilder("apache/kafka:3.9.1").Build();
        }
        catch (DockerUnavailableException ex)
        {
            Assert.Skip($"No Docker engine, so no real Kafka container: {ex.Message.Split('\n')[0]} (the mock-cluster tests cover the same paths).");
            return;
        }

        await using (container)
        {
            await container.StartAsync(TestContext.Current.CancellationToken);
            var scenario = new Scenario(sensors: 4, readingsPerSensor: 120);
            var options = RealOptions(container.GetBootstrapAddress());
            using var producer = new Connectors.Kafka.ReadingProducer(options.BootstrapServers, options.InputTopic);
            foreach (var r in scenario.Readings)
            {
                producer.Produce(r);
            }

            await producer.FlushAsync(TimeSpan.FromSeconds(60));

            await using var detector = RunningDetector.Start(options);
            await RunningDetector.WaitUntil(() => detector.Counters.AlertsDelivered >= scenario.Expected.Count, TimeSpan.FromSeconds(60), "every alert is delivered");
            await detector.StopAsync();
            Assert.Equal(scenario.Readings.Count, detector.Counters.Readings);
            Assert.Equal(scenario.Expected.Count, detector.Counters.Alerts);
        }
    }

    private static Connectors.Kafka.KafkaOptions RealOptions(string bootstrap) => new()
    {
        BootstrapServers = bootstrap,
        GroupId = "detectors",
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 1000,
        FetchWaitMaxMs = 10,
        CommitInterval = TimeSpan.FromMilliseconds(200),
    };
}
