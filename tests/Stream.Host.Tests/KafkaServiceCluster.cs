using StreamAE.Testing.Kafka;

namespace StreamAE.Host.Tests;

/// <summary>
/// A mock cluster with the service's four topics created (the input with two partitions), and the arguments that
/// point the host at them; for the host tests that run the Kafka service in process.
/// </summary>
internal sealed class KafkaServiceCluster : IDisposable
{
    public static readonly string[] TopicArguments =
        ["--Kafka:InputTopic=readings", "--Kafka:AlertsTopic=alerts", "--Kafka:DeadLetterTopic=dead-letters", "--Kafka:StateTopic=detector-state"];

    private readonly MockKafkaCluster _mock = new(1);

    public KafkaServiceCluster()
    {
        _mock.SetInitialRebalanceDelay(TimeSpan.Zero);
        _mock.CreateTopic("readings", 2);
        _mock.CreateTopic("alerts", 1);
        _mock.CreateTopic("dead-letters", 1);
        _mock.CreateTopic("detector-state", 1);
    }

    public string BootstrapServers => _mock.BootstrapServers;

    public void Dispose() => _mock.Dispose();
}
