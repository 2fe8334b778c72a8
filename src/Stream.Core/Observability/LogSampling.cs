namespace StreamAE.Core.Observability;

/// <summary>
/// When a repeated event (a bad record, a dead letter, an eviction) is worth a log line: the first ten in full, then
/// every 1000th with its running count, so a flood of bad input cannot flood the log while the count stays visible.
/// </summary>
public static class LogSampling
{
    public const int LoggedInFull = 10;

    public const int ThenEvery = 1000;

    /// <param name="count">How many of these events have happened, this one included.</param>
    public static bool ShouldLog(long count) => count <= LoggedInFull || count % ThenEvery == 0;
}
