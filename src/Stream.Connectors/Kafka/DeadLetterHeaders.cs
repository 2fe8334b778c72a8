namespace StreamAE.Connectors.Kafka;

/// <summary>Header names on a dead-lettered message: why it was rejected and where it came from.</summary>
public static class DeadLetterHeaders
{
    /// <summary>The <see cref="Core.IO.SkipReason"/> (e.g. Malformed, WrongColumnCount, NonFiniteValue).</summary>
    public const string Reason = "streamae.error.reason";

    /// <summary>A readable description of the problem (at most 1000 characters, control characters escaped).</summary>
    public const string Message = "streamae.error.message";

    public const string SourceTopic = "streamae.source.topic";

    public const string SourcePartition = "streamae.source.partition";

    public const string SourceOffset = "streamae.source.offset";

    /// <summary>Present when the value is only a prefix of the original: the original's length in bytes.</summary>
    public const string ValueTruncatedFrom = "streamae.value.truncated-from";

    /// <summary>Present when the key is only a prefix of the original: the original's length in bytes.</summary>
    public const string KeyTruncatedFrom = "streamae.key.truncated-from";
}
