using Microsoft.Extensions.Logging;
using StreamAE.Core.Domain;
using StreamAE.Core.Observability;

namespace StreamAE.Core.IO;

/// <summary>
/// Applies the <see cref="BadInputPolicy"/> to a bad record: count and log it (the first few of each reason in full,
/// then every 1000th so a flood of bad lines cannot flood the log), or throw naming file and line. Every skipped record
/// is also raised as <see cref="Rejected"/>, where a source that forwards bad input (Kafka's dead letters) takes it.
/// </summary>
public sealed partial class BadInputHandler(BadInputPolicy policy, IngestCounters counters, ILogger logger)
{
    public IngestCounters Counters => counters;

    public BadInputPolicy Policy => policy;

    /// <summary>Raised (on the reporting thread) for every record skipped under the Skip policy.</summary>
    public event Action<RejectedInput>? Rejected;

    public void Report(SkipReason reason, SourcePosition position, string detail, SourceMessage? message = null)
    {
        if (policy == BadInputPolicy.Fail)
        {
            throw new BadInputException(reason, position, detail);
        }

        counters.Skip(reason);
        var count = counters[reason];
        if (LogSampling.ShouldLog(count))
        {
            LogSkipped(logger, position.ToString(), reason, detail, count);
        }

        Rejected?.Invoke(new RejectedInput(reason, position, detail, message));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped record at {Position}: {Reason}: {Detail} ({Count} skipped for this reason so far)")]
    private static partial void LogSkipped(ILogger logger, string position, SkipReason reason, string detail, long count);
}
