using Microsoft.Extensions.Logging;
using StreamAE.Core.Domain;
using StreamAE.Core.Observability;

namespace StreamAE.Core.IO;

/// <summary>
/// Applies the <see cref="BadInputPolicy"/> to a bad record, for every source: count it, hand it to the
/// <see cref="Forward"/> sink when there is one (the Kafka service dead-letters it), and log it once — the first few of
/// each reason in full, then every 1000th, its text shortened and escaped, so neither a flood of bad input nor a hostile
/// record can flood or forge the log — or, under the Fail policy, throw naming file and line.
/// </summary>
public sealed partial class BadInputHandler(BadInputPolicy policy, IngestCounters counters, ILogger logger)
{
    /// <summary>Longest description of a bad record in its log line, in characters.</summary>
    public const int MaxDetailChars = 300;

    public IngestCounters Counters => counters;

    public BadInputPolicy Policy => policy;

    /// <summary>Where problems caused by input are logged (the pipeline's score guard logs here too).</summary>
    public ILogger Logger => logger;

    /// <summary>Where skipped records go besides the count and the log (the Kafka service's dead letters); none for files.</summary>
    public IRejectedInputSink? Forward { get; set; }

    public void Report(SkipReason reason, SourcePosition position, string detail, SourceMessage? message = null)
    {
        if (policy == BadInputPolicy.Fail)
        {
            throw new BadInputException(reason, position, detail);
        }

        counters.Skip(reason);
        var forwarded = Forward?.Forward(new RejectedInput(reason, position, detail, message)) ?? false;
        var count = counters[reason];
        if (LogSampling.ShouldLog(count))
        {
            var shown = SensorIdDisplay.Shorten(detail, MaxDetailChars);
            if (forwarded)
            {
                LogDeadLettered(logger, position.ToString(), reason, shown, count);
            }
            else
            {
                LogSkipped(logger, position.ToString(), reason, shown, count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped record at {Position}: {Reason}: {Detail} ({Count} skipped for this reason so far)")]
    private static partial void LogSkipped(ILogger logger, string position, SkipReason reason, string detail, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered {Position}: {Reason}: {Detail} ({Count} skipped for this reason so far)")]
    private static partial void LogDeadLettered(ILogger logger, string position, SkipReason reason, string detail, long count);
}
