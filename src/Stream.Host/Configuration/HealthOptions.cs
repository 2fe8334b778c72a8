namespace StreamAE.Host.Configuration;

/// <summary>Section "Health": when the service reports itself alive and ready.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Not alive when the pipeline loop has not beaten for this long (it beats at least every second while idle).</summary>
    public TimeSpan LivenessTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Not ready while any partition lags more than this many messages (partitioned sources).</summary>
    public long MaxLag { get; set; } = 100_000;
}
