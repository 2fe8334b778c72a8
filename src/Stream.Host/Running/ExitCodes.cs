namespace StreamAE.Host.Running;

/// <summary>
/// The detector's exit codes (documented in the README; the systemd unit does not restart on <see cref="InvalidConfiguration"/>).
/// Nothing a reading contains leads to a non-zero code: bad input is skipped or dead-lettered and the service goes on.
/// </summary>
public static class ExitCodes
{
    /// <summary>The run finished (file) or stopped on request with everything flushed and committed (Kafka).</summary>
    public const int Ok = 0;

    /// <summary>An infrastructure failure while running: the broker refused alerts, a delivery timed out, the consumer failed.</summary>
    public const int Failed = 1;

    /// <summary>Cannot run: a missing or unfitting model bundle, an unreadable input file, bad input under Source:BadInput=Fail.</summary>
    public const int CannotRun = 2;

    /// <summary>A setting is invalid (named in the message); restarting cannot help.</summary>
    public const int InvalidConfiguration = 3;

    /// <summary>No Kafka broker answered within Kafka:StartTimeout.</summary>
    public const int KafkaUnreachable = 4;

    /// <summary>Stopped on request, but the final flush and commit did not finish within Kafka:CloseTimeout (broker down); the next owner replays from the last commit.</summary>
    public const int StoppedWithoutCommit = 5;
}
