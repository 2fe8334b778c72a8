using System.Diagnostics;
using StreamAE.Models.Arp;
using StreamAE.Models.Data;

namespace StreamAE.Benchmarking.Pipeline;

/// <summary>Training throughput of the AR(p) baseline: training windows (T rows, hop 1) per second of fitting (normalisation + least squares).</summary>
public static class ArpTrainingProbe
{
    public static ThroughputResult Run(IReadOnlyList<TrainingSeries> series, int windowLength, int order)
    {
        Fit(series, order); // warm-up (JIT)
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        do
        {
            Fit(series, order);
            rounds++;
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(1));

        var windows = series.Sum(s => Math.Max(0, s.Length - windowLength + 1));
        return new ThroughputResult("training (arp)", 0, (long)windows * rounds, clock.Elapsed.TotalSeconds);
    }

    private static void Fit(IReadOnlyList<TrainingSeries> series, int order) => ArpFitter.Fit(series, Normalization.Fit(series), order);
}
