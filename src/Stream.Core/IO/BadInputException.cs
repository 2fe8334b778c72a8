using StreamAE.Core.Domain;

namespace StreamAE.Core.IO;

/// <summary>A bad input record under <see cref="BadInputPolicy.Fail"/>: names where it is and what is wrong.</summary>
public sealed class BadInputException(SkipReason reason, SourcePosition position, string detail)
    : Exception($"{position}: {reason}: {detail}")
{
    public SkipReason Reason { get; } = reason;

    public SourcePosition Position { get; } = position;
}
