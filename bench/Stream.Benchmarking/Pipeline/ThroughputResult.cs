using StreamAE.Models.Autoencoders;

namespace StreamAE.Benchmarking.Pipeline;

/// <summary>Windows processed per second at one batch size, with per-window latency percentiles where measured.</summary>
public sealed record ThroughputResult(string What, int BatchSize, long Windows, double Seconds, double? LatencyP50Microseconds = null, double? LatencyP99Microseconds = null)
{
    public double WindowsPerSecond => Seconds > 0 ? Windows / Seconds : double.NaN;

    /// <summary>A measurement of the models' own probes (<see cref="OrtThroughputProbe"/>, the training probe), under another name.</summary>
    public static ThroughputResult From(ThroughputSample sample, string what) => new(what, sample.Batch, sample.Windows, sample.Elapsed.TotalSeconds);
}
