using System.ComponentModel.DataAnnotations;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Section "Kafka": the consumer group, topics and tuning of the Kafka detector. Message field names come from
/// Source:Json (see <see cref="Json.ReadingJsonFormat"/>).
/// </summary>
public sealed class KafkaOptions
{
    public const string Section = "Kafka";

    [Required(ErrorMessage = "Kafka:BootstrapServers is required.")]
    public string BootstrapServers { get; set; } = "localhost:9092";

    /// <summary>Consumer group: host instances with the same group share the input topic's partitions.</summary>
    [Required(ErrorMessage = "Kafka:GroupId is required.")]
    public string GroupId { get; set; } = "streamae";

    [Required(ErrorMessage = "Kafka:InputTopic is required.")]
    public string InputTopic { get; set; } = "readings";

    [Required(ErrorMessage = "Kafka:AlertsTopic is required.")]
    public string AlertsTopic { get; set; } = "alerts";

    [Required(ErrorMessage = "Kafka:DeadLetterTopic is required.")]
    public string DeadLetterTopic { get; set; } = "readings-dead-letter";

    /// <summary>Compacted topic of per-sensor checkpoints (window resume point and open episode), keyed by sensor.</summary>
    [Required(ErrorMessage = "Kafka:StateTopic is required.")]
    public string StateTopic { get; set; } = "streamae-state";

    /// <summary>
    /// How long the poll thread may wait for room in the pipeline's full input before it pauses its partitions and
    /// keeps polling (so rebalances are served), resuming once there is room. Ordinary backpressure — the pipeline
    /// slower than the broker — only makes the poll thread wait (librdkafka's bounded prefetch then stops fetching);
    /// pausing is for a pipeline that stalls.
    /// </summary>
    public TimeSpan PauseAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often delivered alerts, checkpoints and offsets are committed.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest a stop may take, from the stop signal (SIGTERM, Ctrl+C) to leaving the group: drain, flush, commit, close.
    /// With the broker down the service stops at this deadline without its final commit (exit code 5; the next owner replays).
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest the service waits at start for any broker of <see cref="BootstrapServers"/> to answer; then it exits (code 4).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest wait for alerts, dead letters and checkpoints to be acknowledged before a commit gives up.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    [Range(1000, 3_600_000, ErrorMessage = "Kafka:SessionTimeoutMs must be between {1} and {2}.")]
    public int SessionTimeoutMs { get; set; } = 45_000;

    [Range(100, 3_600_000, ErrorMessage = "Kafka:HeartbeatIntervalMs must be between {1} and {2}.")]
    public int HeartbeatIntervalMs { get; set; } = 3_000;

    /// <summary>Longest a broker holds an empty fetch; low values cut latency at low rates.</summary>
    [Range(0, 60_000, ErrorMessage = "Kafka:FetchWaitMaxMs must be between {1} and {2}.")]
    public int FetchWaitMaxMs { get; set; } = 100;

    /// <summary>Producer linger: how long alerts wait to be batched.</summary>
    [Range(0, 60_000, ErrorMessage = "Kafka:LingerMs must be between {1} and {2}.")]
    public int LingerMs { get; set; } = 5;

    /// <summary>How often the consumer reports statistics, from which per-partition lag feeds readiness and metrics; 0 turns them off.</summary>
    [Range(0, 3_600_000, ErrorMessage = "Kafka:StatisticsIntervalMs must be between {1} and {2}.")]
    public int StatisticsIntervalMs { get; set; } = 5_000;

    /// <summary>Extra librdkafka settings for every client (e.g. security.protocol, sasl.*), applied last.</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Why these options cannot work, or an empty list.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (CommitInterval <= TimeSpan.Zero || CloseTimeout <= TimeSpan.Zero || DeliveryTimeout <= TimeSpan.Zero || StartTimeout <= TimeSpan.Zero || PauseAfter <= TimeSpan.Zero)
        {
            problems.Add("Kafka:CommitInterval, Kafka:CloseTimeout, Kafka:DeliveryTimeout, Kafka:StartTimeout and Kafka:PauseAfter must be positive.");
        }

        var topics = new[] { InputTopic, AlertsTopic, DeadLetterTopic, StateTopic };
        if (topics.Distinct(StringComparer.Ordinal).Count() != topics.Length)
        {
            problems.Add("Kafka:InputTopic, AlertsTopic, DeadLetterTopic and StateTopic must be four different topics.");
        }

        return problems;
    }
}
