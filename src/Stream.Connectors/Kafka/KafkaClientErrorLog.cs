using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Core.Observability;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Where a Kafka client's error callback goes: every error is counted (metric by code), and logged at most once per
/// <see cref="Interval"/> per code with how many like it were left out. A broker that is down or a bootstrap address
/// that does not resolve makes librdkafka report errors many times a second; this keeps that to a few readable lines.
/// </summary>
public sealed partial class KafkaClientErrorLog(string client, ILogger logger, StreamAeMetrics? metrics = null, TimeProvider? time = null)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly LogRateLimiter _limiter = new(Interval, time);
    private long _errors;

    /// <summary>Errors reported so far.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public void Report(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Interlocked.Increment(ref _errors);
        var code = error.Code.ToString();
        metrics?.ClientError(code);
        if (!_limiter.ShouldLog(code, out var suppressed))
        {
            return;
        }

        if (suppressed == 0)
        {
            LogError(logger, client, error.Code, error.Reason, error.IsFatal);
        }
        else
        {
            LogRepeated(logger, client, error.Code, error.Reason, error.IsFatal, suppressed, Interval.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka {Client} error {Code}: {Reason} (fatal: {Fatal})")]
    private static partial void LogError(ILogger logger, string client, ErrorCode code, string reason, bool fatal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka {Client} error {Code}: {Reason} (fatal: {Fatal}; {Suppressed} more like it not logged, at most one line per {Seconds} s)")]
    private static partial void LogRepeated(ILogger logger, string client, ErrorCode code, string reason, bool fatal, long suppressed, double seconds);
}
