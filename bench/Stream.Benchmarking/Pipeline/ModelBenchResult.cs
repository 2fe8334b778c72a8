namespace StreamAE.Benchmarking.Pipeline;

/// <summary>Everything measured for one model: raw scoring, the pipeline, latency, memory and training throughput.</summary>
public sealed record ModelBenchResult(
    string Model,
    string Kind,
    int WindowLength,
    int Channels,
    IReadOnlyList<ThroughputResult> Raw,
    IReadOnlyList<ThroughputResult> Pipeline,
    IReadOnlyList<ThroughputResult> Latency,
    IReadOnlyList<MemoryProbe.Result> Memory,
    ThroughputResult? Training)
{
    /// <summary>The same sensors held with the default calibration (likelihood) on: window plus calibration state.</summary>
    public IReadOnlyList<MemoryProbe.Result> CalibratedMemory { get; init; } = [];

    /// <summary>Pipeline windows/s over raw windows/s at one batch size (1 = the pipeline costs nothing).</summary>
    public double Ratio(int batchSize)
    {
        var raw = Raw.FirstOrDefault(r => r.BatchSize == batchSize);
        var pipeline = Pipeline.FirstOrDefault(p => p.BatchSize == batchSize);
        return raw is null || pipeline is null ? double.NaN : pipeline.WindowsPerSecond / raw.WindowsPerSecond;
    }
}
