using Microsoft.Extensions.Logging;
using StreamAE.Core.Domain;
using StreamAE.Core.Observability;

namespace StreamAE.Core.IO;

/// <summary>
/// Applies the <see cref="BadInputPolicy"/> to a bad record: count and log it (the first few of each reason in full,
/// then every 1000th so a flood of bad lines cannot flood the log), or throw naming file and line.
/// </summary>
public sealed partial class BadInputHandler(BadInputPolicy policy, IngestCounters counters, ILogger logger)
{
    public IngestCounters Counters => counters;

    public BadInputPolicy Policy => policy;

    /// <summary>Where problems caused by input are logged (the pipeline's score guard logs here too).</summary>
    public ILogger Logger => logger;

    public void Report(SkipReason reason, SourcePosition position, string detail)
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
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped record at {Position}: {Reason}: {Detail} ({Count} skipped for this reason so far)")]
    private static partial void LogSkipped(ILogger logger, string position, SkipReason reason, string detail, long count);
}
