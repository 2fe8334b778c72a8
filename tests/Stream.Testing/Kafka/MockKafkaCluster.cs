using System.Runtime.InteropServices;

namespace StreamAE.Testing.Kafka;

/// <summary>
/// librdkafka's in-process mock Kafka cluster: real Kafka protocol on 127.0.0.1, no JVM, no Docker. Used by the tests
/// and by <c>bench kafka</c>. Admin calls (CreateTopics…) do not work against it, so topics are created here.
/// Lives until disposed; ports change at every start.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const int ProducerType = 0;
    private readonly IntPtr _client;
    private readonly IntPtr _cluster;
    private bool _disposed;

    public MockKafkaCluster(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        var errors = Marshal.AllocHGlobal(512);
        try
        {
            var conf = LibrdkafkaNative.Get<LibrdkafkaNative.ConfNew>("rd_kafka_conf_new")();
            var set = LibrdkafkaNative.Get<LibrdkafkaNative.ConfSet>("rd_kafka_conf_set");
            foreach (var (name, value) in new[] { ("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("log_level", "3") })
            {
                if (set(conf, name, value, errors, 512) != 0)
                {
                    throw new InvalidOperationException($"librdkafka rejected {name}={value}: {Marshal.PtrToStringUTF8(errors)}");
                }
            }

            // A client owning the mock cluster; rd_kafka_new takes ownership of conf.
            _client = LibrdkafkaNative.Get<LibrdkafkaNative.KafkaNew>("rd_kafka_new")(ProducerType, conf, errors, 512);
            if (_client == IntPtr.Zero)
            {
                throw new InvalidOperationException($"Cannot start the mock Kafka cluster: {Marshal.PtrToStringUTF8(errors)}");
            }

            _cluster = LibrdkafkaNative.Get<LibrdkafkaNative.HandleMockCluster>("rd_kafka_handle_mock_cluster")(_client);
            BootstrapServers = Marshal.PtrToStringUTF8(LibrdkafkaNative.Get<LibrdkafkaNative.MockBootstraps>("rd_kafka_mock_cluster_bootstraps")(_cluster))
                ?? throw new InvalidOperationException("The mock Kafka cluster has no bootstrap address.");
        }
        finally
        {
            Marshal.FreeHGlobal(errors);
        }

        Brokers = brokers;
    }

    /// <summary>host:port list for clients' bootstrap.servers.</summary>
    public string BootstrapServers { get; }

    public int Brokers { get; }

    public void CreateTopic(string name, int partitions, int replicationFactor = 1) =>
        Check(LibrdkafkaNative.Get<LibrdkafkaNative.MockTopicCreate>("rd_kafka_mock_topic_create")(_cluster, name, partitions, Math.Min(replicationFactor, Brokers)), $"create topic {name}");

    /// <summary>How long the first consumer-group join waits for more members (Kafka's default is 3 s; 0 for tests).</summary>
    public void SetInitialRebalanceDelay(TimeSpan delay) =>
        Check(LibrdkafkaNative.Get<LibrdkafkaNative.MockClusterInt>("rd_kafka_mock_group_initial_rebalance_delay_ms")(_cluster, (int)delay.TotalMilliseconds), "set the initial rebalance delay");

    /// <summary>Takes a broker away (connections are closed and refused) to simulate an outage; broker ids start at 1.</summary>
    public void SetBrokerDown(int brokerId) =>
        Check(LibrdkafkaNative.Get<LibrdkafkaNative.MockClusterInt>("rd_kafka_mock_broker_set_down")(_cluster, brokerId), $"take broker {brokerId} down");

    /// <summary>
    /// The next <paramref name="count"/> requests of a kind (<paramref name="apiKey"/>: the Kafka protocol request type,
    /// e.g. 0 = Produce) fail with <paramref name="error"/>, whichever client sends them: a broker that refuses.
    /// </summary>
    public void FailNextRequests(short apiKey, Confluent.Kafka.ErrorCode error, int count) =>
        LibrdkafkaNative.Get<LibrdkafkaNative.MockPushRequestErrors>("rd_kafka_mock_push_request_errors_array")(
            _cluster, apiKey, (nuint)count, Enumerable.Repeat((int)error, count).ToArray());

    /// <summary>Forgets the failures <see cref="FailNextRequests"/> queued for this request type and not yet used.</summary>
    public void ClearRequestFailures(short apiKey) =>
        LibrdkafkaNative.Get<LibrdkafkaNative.MockClearRequestErrors>("rd_kafka_mock_clear_request_errors")(_cluster, apiKey);

    public void SetBrokerUp(int brokerId) =>
        Check(LibrdkafkaNative.Get<LibrdkafkaNative.MockClusterInt>("rd_kafka_mock_broker_set_up")(_cluster, brokerId), $"bring broker {brokerId} up");

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        LibrdkafkaNative.Get<LibrdkafkaNative.KafkaDestroy>("rd_kafka_destroy")(_client);
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Mock Kafka cluster: cannot {what}: librdkafka error {error}.");
        }
    }
}
