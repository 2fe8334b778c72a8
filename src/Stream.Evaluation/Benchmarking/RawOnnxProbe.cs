using System.Diagnostics;
using StreamAE.Models.Autoencoders;

namespace StreamAE.Evaluation.Benchmarking;

/// <summary>
/// The raw ONNX Runtime limit of an autoencoder: <see cref="OnnxAutoencoderScorer.Reconstruct"/> on an already
/// normalised batch (one session run, buffers reused), no windows, no error computation, no pipeline.
/// </summary>
public static class RawOnnxProbe
{
    public static ThroughputResult Run(OnnxAutoencoderScorer scorer, int batchSize, TimeSpan minDuration, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var random = new Random(seed);
        var input = new float[batchSize * scorer.Model.WindowLength * scorer.Model.Channels];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 2) - 1);
        }

        for (var i = 0; i < 3; i++)
        {
            scorer.Reconstruct(input, batchSize); // warm-up
        }

        long windows = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            scorer.Reconstruct(input, batchSize);
            windows += batchSize;
        }
        while (clock.Elapsed < minDuration);

        return new ThroughputResult("raw onnx runtime", batchSize, windows, clock.Elapsed.TotalSeconds);
    }
}
