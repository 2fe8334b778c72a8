using Microsoft.Extensions.Logging;
using StreamAE.Core.IO;
using StreamAE.Core.Observability;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// The log line of a dead letter, sampled per reason as file mode samples skipped records (the first
/// <see cref="LogSampling.LoggedInFull"/> of each reason in full, then every 1000th with its count), so one flood of a
/// kind cannot hide the first occurrence of another. The error text is shortened and escaped: a hostile message can
/// neither write a huge line nor forge one.
/// </summary>
public sealed partial class DeadLetterLog(ILogger logger)
{
    /// <summary>Longest error text in a dead letter's log line, in characters.</summary>
    public const int MaxErrorChars = 300;

    private readonly IngestCounters _counts = new();

    public long this[SkipReason reason] => _counts[reason];

    public void Report(string source, SkipReason reason, string error)
    {
        _counts.Skip(reason);
        var count = _counts[reason];
        if (LogSampling.ShouldLog(count))
        {
            LogDeadLettered(logger, source, reason, SensorIdDisplay.Shorten(error, MaxErrorChars), count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered {Source}: {Reason}: {Error} ({Count} dead-lettered for this reason so far)")]
    private static partial void LogDeadLettered(ILogger logger, string source, SkipReason reason, string error, long count);
}
