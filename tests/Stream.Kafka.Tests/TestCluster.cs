using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.Calibration;
using StreamAE.Testing.Kafka;
using StreamAE.Core.Domain;
using StreamAE.Core.Pipeline;

namespace StreamAE.Kafka.Tests;

/// <summary>A fresh in-process mock cluster with the detector's topics created, and the fast group settings tests need.</summary>
internal sealed class TestCluster : IDisposable
{
    public const int InputPartitions = 4;

    public TestCluster(int brokers = 1)
    {
        Mock = new MockKafkaCluster(brokers);
        Mock.SetInitialRebalanceDelay(TimeSpan.Zero);
        Mock.CreateTopic(Options().InputTopic, InputPartitions, brokers);
        Mock.CreateTopic(Options().AlertsTopic, 4, brokers);
        Mock.CreateTopic(Options().DeadLetterTopic, 1, brokers);
        Mock.CreateTopic(Options().StateTopic, 4, brokers);
    }

    public MockKafkaCluster Mock { get; }

    public KafkaOptions Options() => new()
    {
        BootstrapServers = Mock?.BootstrapServers ?? string.Empty,
        GroupId = "detectors",
        InputTopic = "readings",
        AlertsTopic = "alerts",
        DeadLetterTopic = "dead-letters",
        StateTopic = "detector-state",
        SessionTimeoutMs = 2000,
        HeartbeatIntervalMs = 400,
        FetchWaitMaxMs = 10,
        CommitInterval = TimeSpan.FromMilliseconds(200),
        CloseTimeout = TimeSpan.FromSeconds(5),
        DeliveryTimeout = TimeSpan.FromSeconds(30),
    };

    public ReadingProducer Producer() => new(Mock.BootstrapServers, Options().InputTopic);

    public async Task ProduceAsync(IEnumerable<Reading> readings)
    {
        using var producer = Producer();
        foreach (var r in readings)
        {
            producer.Produce(r);
        }

        await producer.FlushAsync(TimeSpan.FromSeconds(30));
    }

    public RunningDetector StartDetector(KafkaOptions? options = null, PipelineOptions? pipeline = null, ManualResetEventSlim? scoringGate = null, CalibrationOptions? calibration = null) =>
        RunningDetector.Start(options ?? Options(), pipeline ?? Scenario.PipelineWithCapacity(2000), scoringGate, calibration);

    /// <summary>
    /// Every message of a topic from the beginning, read until <paramref name="until"/> holds or the time is up.
    /// A reader that makes no progress for 3 s starts over with a fresh consumer: on the mock cluster a consumer that
    /// starts on an empty partition while a producer writes to it was seen to keep fetching offset 0 and get nothing,
    /// while a fresh consumer read the partition fine.
    /// </summary>
    public List<Message<byte[], byte[]>> ReadTopic(string topic, int partitions, Func<List<Message<byte[], byte[]>>, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = new List<Message<byte[], byte[]>>();
            using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = Mock.BootstrapServers,
                GroupId = "test-reader",
                EnableAutoCommit = false,
                FetchWaitMaxMs = 10,
                IsolationLevel = IsolationLevel.ReadUncommitted,
            }).SetLogHandler((_, _) => { }).Build();
            consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
            var lastProgress = DateTime.UtcNow;
            while (!until(messages) && DateTime.UtcNow < deadline && DateTime.UtcNow - lastProgress < TimeSpan.FromSeconds(3))
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { Message: { } m })
                {
                    messages.Add(m);
                    lastProgress = DateTime.UtcNow;
                }
            }

            if (until(messages) || DateTime.UtcNow >= deadline)
            {
                return messages;
            }
        }
    }

    public List<Alert> ReadAlerts(Func<List<Alert>, bool> until, TimeSpan timeout)
    {
        var alerts = new List<Alert>();
        ReadTopic(Options().AlertsTopic, 4, messages =>
        {
            if (messages.Count < alerts.Count)
            {
                alerts.Clear(); // a fresh reader started over
            }

            while (alerts.Count < messages.Count)
            {
                alerts.Add(AlertJson.Deserialize(messages[alerts.Count].Value)!);
            }

            return until(alerts);
        }, timeout);
        return alerts;
    }

    /// <summary>Reads alerts until every expected event (by id and state) has arrived, then a little longer for stragglers.</summary>
    public List<Alert> ReadAlertsCovering(IReadOnlyList<Alert> expected, TimeSpan timeout)
    {
        var keys = expected.Select(Scenario.Key).ToHashSet();
        return ReadAlerts(alerts => keys.IsSubsetOf(alerts.Select(Scenario.Key)), timeout);
    }

    public static string Header(Message<byte[], byte[]> message, string name) =>
        message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : "(missing)";

    public void Dispose() => Mock.Dispose();
}
