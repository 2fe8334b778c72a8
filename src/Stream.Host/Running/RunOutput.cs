namespace StreamAE.Host.Running;

/// <summary>Where the run's human-readable output (alert lines, summary) goes: standard output, or a writer a test gives.</summary>
public sealed class RunOutput(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;

    /// <summary>The process exit code: one of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; set; }

    /// <summary>The running (or last) pipeline's counters, set when the run starts; null before.</summary>
    public StreamAE.Core.Pipeline.PipelineCounters? Counters { get; set; }

    /// <summary>The Kafka detector's counters when Source:Type is Kafka, set when it starts.</summary>
    public StreamAE.Connectors.Kafka.KafkaCounters? KafkaCounters { get; set; }

    /// <summary>The summary of the last finished run (tests read the labelled-window outcomes from it).</summary>
    public RunSummary? LastSummary { get; set; }
}
