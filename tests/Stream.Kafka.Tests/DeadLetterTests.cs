using System.Text;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.IO;

namespace StreamAE.Kafka.Tests;

public class DeadLetterTests
{
    [Fact]
    public async Task Poison_messages_go_to_the_dead_letter_topic_with_headers_and_nothing_else_is_lost()
    {
        using var cluster = new TestCluster();
        var scenario = new Scenario(sensors: 4, readingsPerSensor: 120);
        var poison = new (string Key, string Value, SkipReason Reason)[]
        {
            ("sensor-00", "{not json", SkipReason.Malformed),
            ("sensor-01", """{"sensor":"sensor-01","timestamp":"2025-01-01T00:00:30Z","values":[1.0,"NaN"]}""", SkipReason.NonFiniteValue),
            ("sensor-02", """{"sensor":"sensor-02","timestamp":"2025-01-01T00:00:31Z","values":[1.0,2.0,3.0]}""", SkipReason.WrongColumnCount),
            ("sensor-03", """{"sensor":"sensor-03","values":[1.0,2.0]}""", SkipReason.BadTimestamp),
            ("sensor-00", """{"sensor":"sensor-00","timestamp":"2025-01-01T00:00:32Z","values":"high"}""", SkipReason.Malformed),
        };

        await using var detector = cluster.StartDetector();
        using (var producer = cluster.Producer())
        {
            // Poison messages in the middle of each sensor's stream, on the sensor's own partition.
            var half = scenario.Readings.Count / 2;
            foreach (var r in scenario.Readings.Take(half))
            {
                producer.Produce(r);
            }

            foreach (var (key, value, _) in poison)
            {
                producer.ProduceRaw(key, Encoding.UTF8.GetBytes(value));
            }

            foreach (var r in scenario.Readings.Skip(half))
            {
                producer.Produce(r);
            }

            await producer.FlushAsync(TimeSpan.FromSeconds(30));
        }

        var alerts = cluster.ReadAlertsCovering(scenario.Expected, TimeSpan.FromSeconds(30));
        var dead = cluster.ReadTopic("dead-letters", 1, m => m.Count >= poison.Length, TimeSpan.FromSeconds(30));
        await RunningDetector.WaitUntil(() => detector.Counters.Messages == scenario.Readings.Count + poison.Length, TimeSpan.FromSeconds(10), "every message is processed");
        await detector.StopAsync();

        Assert.Equal(poison.Length, dead.Count);
        foreach (var (key, value, reason) in poison)
        {
            var letter = Assert.Single(dead, m => Encoding.UTF8.GetString(m.Value) == value);
            Assert.Equal(key, Encoding.UTF8.GetString(letter.Key));
            Assert.Equal(reason.ToString(), TestCluster.Header(letter, DeadLetterHeaders.Reason));
            Assert.NotEqual("(missing)", TestCluster.Header(letter, DeadLetterHeaders.Message));
            Assert.Equal("readings", TestCluster.Header(letter, DeadLetterHeaders.SourceTopic));
            Assert.InRange(int.Parse(TestCluster.Header(letter, DeadLetterHeaders.SourcePartition), System.Globalization.CultureInfo.InvariantCulture), 0, TestCluster.InputPartitions - 1);
            Assert.True(long.Parse(TestCluster.Header(letter, DeadLetterHeaders.SourceOffset), System.Globalization.CultureInfo.InvariantCulture) >= 0);
        }

        // The service kept going: every valid reading was windowed and every expected alert came out, once.
        Assert.Equal(scenario.Readings.Count, detector.Counters.Readings);
        Assert.Equal(poison.Length, detector.Counters.DeadLettered);
        Assert.Equal(scenario.Expected.Select(Scenario.Key).Order(), alerts.Select(Scenario.Key).Order());
    }
}
