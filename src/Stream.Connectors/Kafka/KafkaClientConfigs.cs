using Confluent.Kafka;

namespace StreamAE.Connectors.Kafka;

/// <summary>The librdkafka settings of the detector's clients, built from <see cref="KafkaOptions"/>.</summary>
public static class KafkaClientConfigs
{
    /// <summary>The group consumer: cooperative-sticky, manual commits only (offsets move when windows and alerts are done).</summary>
    public static ConsumerConfig Consumer(KafkaOptions options)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = options.SessionTimeoutMs,
            HeartbeatIntervalMs = options.HeartbeatIntervalMs,
            FetchWaitMaxMs = options.FetchWaitMaxMs,
            EnablePartitionEof = false,
            AllowAutoCreateTopics = true,
            StatisticsIntervalMs = options.StatisticsIntervalMs,
            // The prefetch queue is the buffer in front of the pipeline's own: when the pipeline is slower than the
            // broker, the poll thread waits and librdkafka stops fetching at this bound (instead of 64 MiB).
            QueuedMaxMessagesKbytes = 16 * 1024,
        };
        return Apply(config, options);
    }

    /// <summary>The idempotent producer shared by alerts, dead letters and checkpoints (no duplicates from retries, order kept).</summary>
    public static ProducerConfig Producer(KafkaOptions options)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = options.LingerMs,
            CompressionType = CompressionType.Lz4,
            MessageTimeoutMs = (int)Math.Min(int.MaxValue, options.DeliveryTimeout.TotalMilliseconds),
        };
        return Apply(config, options);
    }

    /// <summary>A consumer outside the group that reads the state topic from the start (checkpoint loading).</summary>
    public static ConsumerConfig StateReader(KafkaOptions options)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId + "-state-reader",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
            EnablePartitionEof = true,
        };
        return Apply(config, options);
    }

    /// <summary>An admin client (the start-up broker probe) with the same security settings as the others.</summary>
    public static AdminClientConfig Admin(KafkaOptions options)
    {
        var config = new AdminClientConfig { BootstrapServers = options.BootstrapServers };
        return Apply(config, options);
    }

    private static T Apply<T>(T config, KafkaOptions options)
        where T : ClientConfig
    {
        foreach (var (key, value) in options.Settings)
        {
            config.Set(key, value);
        }

        return config;
    }
}
