namespace StreamAE.Host.Configuration;

/// <summary>Section "Http": the service endpoints (/health/live, /health/ready, /metrics). Off by default, so a plain run stays a console run.</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    public bool Enabled { get; set; }

    /// <summary>TCP port on all interfaces; 0 takes any free port.</summary>
    public int Port { get; set; } = 8080;
}
