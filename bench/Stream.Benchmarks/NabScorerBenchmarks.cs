using BenchmarkDotNet.Attributes;
using StreamAE.Evaluation.Nab;

namespace StreamAE.Benchmarks;

/// <summary>Scoring one NAB-sized file (22,695 rows, 4 windows, 300 detections): what the oracle sweep repeats ~40×58 times.</summary>
public class NabScorerBenchmarks
{
    private readonly NabWindow[] _windows = [new(2000, 4000), new(8000, 10000), new(15000, 17000), new(19000, 21000)];
    private int[] _detections = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _detections = [.. Enumerable.Range(0, 300).Select(_ => random.Next(22_695)).Order()];
    }

    [Benchmark]
    public double ScoreFile() => NabScorer.ScoreFile(22_695, _windows, _detections, NabProfile.Standard).Score;
}
