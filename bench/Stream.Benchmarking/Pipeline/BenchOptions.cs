namespace StreamAE.Benchmarking.Pipeline;

/// <summary>What <see cref="BenchmarkSuite"/> measures: batch sizes, how long each raw probe runs, the pipeline's input size, the memory probe's sensor counts.</summary>
public sealed record BenchOptions
{
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 32, 256];

    public TimeSpan RawDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Sensors interleaved in the pipeline runs.</summary>
    public int Sensors { get; init; } = 100;

    /// <summary>The pipeline run is sized to take about this long at the raw scorer's speed (bounded by <see cref="MinReadings"/>/<see cref="MaxReadings"/>).</summary>
    public TimeSpan PipelineTarget { get; init; } = TimeSpan.FromSeconds(3);

    public int MinReadings { get; init; } = 5_000;

    public int MaxReadings { get; init; } = 1_000_000;

    public IReadOnlyList<int> MemorySensors { get; init; } = [10_000, 100_000];
}
