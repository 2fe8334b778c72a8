namespace StreamAE.Benchmarking;

/// <summary>One throughput measurement: how many windows went through in how long, at which batch size.</summary>
public sealed record ThroughputSample(string What, int Batch, long Windows, TimeSpan Elapsed)
{
    public double WindowsPerSecond => Windows / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
