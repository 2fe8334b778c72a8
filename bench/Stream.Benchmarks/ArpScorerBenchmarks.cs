using BenchmarkDotNet.Attributes;
using StreamAE.Core.Domain;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;
using StreamAE.Benchmarking.Pipeline;
using StreamAE.Evaluation.Detectors;
using StreamAE.Models.Data;

namespace StreamAE.Benchmarks;

/// <summary>The AR(p) scorer alone on a batch of windows (T = 32, p = 8, one channel): the raw limit of the baseline.</summary>
[MemoryDiagnoser]
public class ArpScorerBenchmarks
{
    private ScoringModel _model = null!;
    private SensorWindow[] _batch = [];

    [Params(1, 32, 256)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var readings = SyntheticReadings.Create(sensors: 1, rows: 2000, channels: 1);
        var series = TrainingSeries.FromReadings("sensor-0", ["value"], readings);
        _model = DetectorTrainer.Train(new ArpDetector(), [series], new DetectorSettings());
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 32 });
        var windows = new List<SensorWindow>();
        foreach (var r in readings)
        {
            assembler.Add(r, out var w);
            if (w is not null)
            {
                windows.Add(w);
            }
        }

        _batch = [.. windows.Take(BatchSize)];
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    [Benchmark]
    public IReadOnlyList<WindowScore> Score() => _model.Scorer.Score(_batch);
}
