namespace StreamAE.Evaluation.Benchmarking;

/// <summary>Windows processed per second at one batch size, with per-window latency percentiles where measured.</summary>
public sealed record ThroughputResult(string What, int BatchSize, long Windows, double Seconds, double? LatencyP50Microseconds = null, double? LatencyP99Microseconds = null)
{
    public double WindowsPerSecond => Seconds > 0 ? Windows / Seconds : double.NaN;
}
