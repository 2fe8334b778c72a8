using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// One item a source hands the pipeline, in source order: a reading, a record it could not parse (counted, logged and,
/// for Kafka, dead-lettered by the pipeline's <see cref="BadInputHandler"/>), or a <see cref="PipelineCommand"/>.
/// </summary>
public readonly record struct SourceItem
{
    private SourceItem(Reading? reading, RejectedInput? rejected, PipelineCommand? command)
    {
        Reading = reading;
        Rejected = rejected;
        Command = command;
    }

    public Reading? Reading { get; }

    public RejectedInput? Rejected { get; }

    public PipelineCommand? Command { get; }

    public static implicit operator SourceItem(Reading reading) => new(reading, null, null);

    public static implicit operator SourceItem(RejectedInput rejected) => new(null, rejected, null);

    public static implicit operator SourceItem(PipelineCommand command) => new(null, null, command);
}
