namespace StreamAE.Host.Running;

/// <summary>Where the run's human-readable output (alert lines, summary) goes: standard output, or a writer a test gives.</summary>
public sealed class RunOutput(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;

    /// <summary>The summary of the last finished run (tests read the labelled-window outcomes from it).</summary>
    public RunSummary? LastSummary { get; set; }
}
