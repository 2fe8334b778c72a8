using System.ComponentModel.DataAnnotations;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// Section "Limits": bounds against runaway or hostile input, so a misbehaving producer can neither exhaust memory nor
/// write something the service cannot forward (dead letters, alerts and checkpoints stay under the broker's limits).
/// </summary>
public sealed class InputLimits
{
    public const string Section = "Limits";

    /// <summary>The default of <see cref="MaxMessageBytes"/>: 960 KiB, so a dead letter (message + headers) fits librdkafka's default message.max.bytes (1,000,000).</summary>
    public const int DefaultMaxMessageBytes = 960 * 1024;

    /// <summary>Most sensors whose windows are tracked at once; a new sensor beyond this evicts the least recently seen one.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Limits:MaxSensors must be between {1} and {2}.")]
    public int MaxSensors { get; set; } = 100_000;

    /// <summary>Most channels a reading may carry; larger readings are skipped as TooLarge.</summary>
    [Range(1, 65_536, ErrorMessage = "Limits:MaxChannels must be between {1} and {2}.")]
    public int MaxChannels { get; set; } = 1_024;

    /// <summary>Largest accepted message (a JSON line or a Kafka message value), in bytes; larger ones are skipped as TooLarge.</summary>
    [Range(64, 64 * 1024 * 1024, ErrorMessage = "Limits:MaxMessageBytes must be between {1} and {2}.")]
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>
    /// Longest sensor id, in UTF-16 characters; a longer one is rejected as BadSensorId. It keys alerts, checkpoints and
    /// metrics, so it bounds what each of them costs.
    /// </summary>
    [Range(1, 4_096, ErrorMessage = "Limits:MaxSensorIdLength must be between {1} and {2}.")]
    public int MaxSensorIdLength { get; set; } = 256;

    /// <summary>
    /// How far ahead of the service's clock a reading's timestamp may be. A later one is rejected as FutureTimestamp:
    /// accepted, it would make every later reading of its sensor look out of order until the clock caught up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "Limits:MaxFutureSkew must be between {1} and {2}.")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromHours(1);
}
