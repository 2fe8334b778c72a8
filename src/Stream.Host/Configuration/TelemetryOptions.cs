namespace StreamAE.Host.Configuration;

/// <summary>Section "Telemetry": where metrics and traces go besides the /metrics endpoint, and the log format.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>OTLP collector endpoint (e.g. http://otel-collector:4317); metrics and traces are exported there when set.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Write logs to the console as JSON objects (one per line) instead of single-line text.</summary>
    public bool JsonConsole { get; set; }
}
