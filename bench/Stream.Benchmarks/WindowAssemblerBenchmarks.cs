using BenchmarkDotNet.Attributes;
using StreamAE.Core.Domain;
using StreamAE.Core.Pipeline;
using StreamAE.Benchmarking.Pipeline;

namespace StreamAE.Benchmarks;

/// <summary>Per-reading cost of the sliding-window stage (a window per reading at hop 1), across many sensors.</summary>
[MemoryDiagnoser]
public class WindowAssemblerBenchmarks
{
    private Reading[] _readings = [];

    [Params(100, 10_000)]
    public int Sensors { get; set; }

    [GlobalSetup]
    public void Setup() => _readings = SyntheticReadings.Create(Sensors, 64, 1);

    [Benchmark(OperationsPerInvoke = 1)]
    public int AddAll()
    {
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 32 });
        var windows = 0;
        foreach (var r in _readings)
        {
            assembler.Add(r, out var w);
            windows += w is null ? 0 : 1;
        }

        return windows;
    }
}
