using System.Diagnostics;
using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;
using StreamAE.Models.Autoencoders;

namespace StreamAE.Benchmarking.Onnx;

/// <summary>
/// Measures scoring throughput: raw ONNX Runtime runs of an autoencoder (normalised windows in, reconstruction out,
/// buffers reused — the model's own cost) and the full <see cref="IWindowScorer"/> path (normalise, run, errors).
/// Each measurement warms up first, then runs whole batches until the time budget is spent.
/// </summary>
public static class OrtThroughputProbe
{
    private const int WarmUpRuns = 3;

    public static ThroughputSample MeasureOnnx(OnnxAutoencoderScorer scorer, int batch, TimeSpan budget, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var random = new Random(seed);
        var size = batch * scorer.Model.WindowLength * scorer.Model.Channels;
        var windows = new float[size];
        for (var i = 0; i < size; i++)
        {
            windows[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return Measure("onnx-runtime", batch, budget, () => scorer.Reconstruct(windows, batch));
    }

    /// <summary>Through <see cref="IWindowScorer.Score"/> on the given windows, cut into batches.</summary>
    public static ThroughputSample MeasureScorer(IWindowScorer scorer, IReadOnlyList<SensorWindow> windows, int batch, TimeSpan budget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (windows.Count == 0)
        {
            throw new ArgumentException("No windows to score.", nameof(windows));
        }

        var batches = windows.Chunk(batch).Where(b => b.Length == batch).ToList();
        if (batches.Count == 0)
        {
            batches = [[.. Enumerable.Range(0, batch).Select(i => windows[i % windows.Count])]];
        }

        var next = 0;
        return Measure("scorer", batch, budget, () => scorer.Score(batches[next++ % batches.Count]));
    }

    private static ThroughputSample Measure(string what, int batch, TimeSpan budget, Action run)
    {
        for (var i = 0; i < WarmUpRuns; i++)
        {
            run();
        }

        long windows = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            run();
            windows += batch;
        }
        while (clock.Elapsed < budget);
        return new ThroughputSample(what, batch, windows, clock.Elapsed);
    }
}
