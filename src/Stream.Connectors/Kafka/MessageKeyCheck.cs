using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Core.Domain;
using StreamAE.Core.Observability;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Kafka keeps order only within a partition, and the producer picks the partition by key: a sensor's readings stay in
/// order only when every one is keyed by its sensor id. A reading whose key is missing or names something else is
/// still processed, but counted (metric <c>streamae_kafka_key_mismatches_total</c> by kind) and warned about, at most
/// once per <see cref="Interval"/> per kind with the count left out: it is the usual cause of a flood of out-of-order skips.
/// </summary>
public sealed partial class MessageKeyCheck(ILogger logger, StreamAeMetrics? metrics = null, TimeProvider? time = null)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly LogRateLimiter _limiter = new(Interval, time);
    private long _missing;
    private long _different;

    /// <summary>Readings without a key.</summary>
    public long Missing => Interlocked.Read(ref _missing);

    /// <summary>Readings whose key is not their sensor id.</summary>
    public long Different => Interlocked.Read(ref _different);

    /// <param name="key">The message key as text (null when the message has none).</param>
    public void Check(string? key, Reading reading, TopicPartitionOffset source)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (string.Equals(key, reading.SensorId, StringComparison.Ordinal))
        {
            return;
        }

        var kind = key is null ? "missing" : "different";
        var count = key is null ? Interlocked.Increment(ref _missing) : Interlocked.Increment(ref _different);
        metrics?.KeyMismatch(kind);
        if (_limiter.ShouldLog(kind, out var suppressed))
        {
            LogMismatch(logger, source?.ToString() ?? "?", kind, SensorIdDisplay.Shorten(key), SensorIdDisplay.Shorten(reading.SensorId), count, suppressed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Source} has a {Kind} key ('{Key}') for sensor '{Sensor}': produce each reading with its sensor id as the key, or a sensor's readings spread over partitions and arrive out of order ({Count} {Kind} so far, {Suppressed} not logged since the last warning)")]
    private static partial void LogMismatch(ILogger logger, string source, string kind, string key, string sensor, long count, long suppressed);
}
