using StreamAE.Core.Domain;

namespace StreamAE.Core.IO;

/// <summary>A record the pipeline did not window: where it came from, why, and its raw message when the source kept it.</summary>
public sealed record RejectedInput(SkipReason Reason, SourcePosition Position, string Detail, SourceMessage? Message);
