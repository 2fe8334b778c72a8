namespace StreamAE.Host.Configuration;

/// <summary>Section "Sinks": where alerts go.</summary>
public sealed class SinkOptions
{
    public const string Section = "Sinks";

    /// <summary>Print one readable line per alert on standard output.</summary>
    public bool Console { get; set; } = true;

    /// <summary>Append alerts as JSON lines to this file.</summary>
    public string? JsonlPath { get; set; }

    /// <summary>After a file run, write one PNG per sensor here: signal, window score, threshold, alert episodes, labels.</summary>
    public string? PlotDirectory { get; set; }

    /// <summary>How many sensors (the first seen) <see cref="PlotDirectory"/> draws; the recording is held in memory.</summary>
    public int PlotMaxSensors { get; set; } = 20;
}
