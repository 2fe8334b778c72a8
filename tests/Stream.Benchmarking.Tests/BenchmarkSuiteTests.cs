using StreamAE.Benchmarking.Pipeline;
using StreamAE.Evaluation.Detectors;

namespace StreamAE.Benchmarking.Tests;

public sealed class BenchmarkingTests
{
    private static readonly DetectorSettings Settings = new() { WindowLength = 16, Order = 4 };

    private static Core.Scoring.ScoringModel Model() => DetectorTrainer.Train(new ArpDetector(), [TinyData.Sine(400)], Settings);

    [Fact]
    public void Pipeline_probes_count_every_window_of_every_sensor()
    {
        var readings = SyntheticReadings.Create(sensors: 5, rows: 40, channels: 1);
        using var a = Model();
        var throughput = PipelineProbe.Throughput(a, readings, batchSize: 8);
        Assert.Equal(5 * (40 - 15), throughput.Windows);
        using var b = Model();
        var latency = PipelineProbe.Latency(b, readings, batchSize: 8);
        Assert.Equal(5 * (40 - 15), latency.Windows);
        Assert.True(latency.LatencyP50Microseconds <= latency.LatencyP99Microseconds);
    }

    [Fact]
    public void Suite_reports_raw_pipeline_ratio_memory_and_renders_markdown()
    {
        var options = new BenchOptions
        {
            BatchSizes = [1, 4],
            RawDuration = TimeSpan.FromMilliseconds(20),
            Sensors = 4,
            PipelineTarget = TimeSpan.FromMilliseconds(10),
            MinReadings = 200,
            MaxReadings = 400,
            MemorySensors = [500, 2_000],
        };
        var result = BenchmarkSuite.Run(new BenchModel("arp-tiny", Model, TrainingProbe: () => ArpTrainingProbe.Run([TinyData.Sine(300)], 16, 4)), options);
        Assert.Equal([1, 4], result.Raw.Select(r => r.BatchSize));
        Assert.All(result.Pipeline, p => Assert.True(p.Windows > 0));
        Assert.True(result.Ratio(4) > 0);
        Assert.True(result.Memory[0].BytesPerSensor > 16 * sizeof(float)); // at least the window's values
        Assert.True(MemoryProbe.ResidentBytes() > 10 * 1024 * 1024, "the process's resident memory is read"); // a test host holds well over 10 MiB
        Assert.NotNull(MemoryProbe.MarginalResidentBytesPerSensor(result.Memory));
        Assert.Equal((16 * sizeof(float)) + (16 * sizeof(long)), result.Memory[0].WindowBytes);

        // The likelihood's state per sensor, measured on the heap: more than its arrays' 1.5 KB of numbers, under 2 KB.
        var calibrationState = result.CalibratedMemory[0].BytesPerSensor - result.Memory[0].BytesPerSensor;
        Assert.InRange(calibrationState, 1500, 2048);
        Assert.True(result.Training!.Windows > 0);
        var markdown = BenchmarkReport.Render([result], "streamae bench (test)", "test machine", options);
        Assert.Contains("| arp-tiny (arp, T=16, C=1) | 4 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| arp-tiny | 500 |", markdown, StringComparison.Ordinal);
    }
}
