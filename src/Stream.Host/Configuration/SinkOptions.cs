namespace StreamAE.Host.Configuration;

/// <summary>Section "Sinks": where alerts go.</summary>
public sealed class SinkOptions
{
    public const string Section = "Sinks";

    /// <summary>Print one readable line per alert on standard output.</summary>
    public bool Console { get; set; } = true;

    /// <summary>Append alerts as JSON lines to this file.</summary>
    public string? JsonlPath { get; set; }
}
