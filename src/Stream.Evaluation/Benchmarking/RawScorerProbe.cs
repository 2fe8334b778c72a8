using System.Diagnostics;
using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Evaluation.Benchmarking;

/// <summary>
/// The scorer alone: <see cref="IWindowScorer.Score"/> on prepared batches, no pipeline around it. For an ONNX scorer
/// this is normalisation + one ONNX Runtime run per batch, the practical upper bound of the pipeline.
/// </summary>
public static class RawScorerProbe
{
    public static ThroughputResult Run(IWindowScorer scorer, IReadOnlyList<SensorWindow> windows, int batchSize, TimeSpan minDuration)
    {
        var batches = windows.Chunk(batchSize).Where(b => b.Length == batchSize).ToArray();
        if (batches.Length == 0)
        {
            throw new ArgumentException($"Need at least {batchSize} windows for batch size {batchSize}.", nameof(windows));
        }

        scorer.Score(batches[0]); // warm-up: lazy initialisation, buffer allocation, JIT
        var clock = Stopwatch.StartNew();
        long scored = 0;
        var i = 0;
        do
        {
            scorer.Score(batches[i++ % batches.Length]);
            scored += batchSize;
        }
        while (clock.Elapsed < minDuration);

        return new ThroughputResult($"raw scorer ({scorer.Model.Kind})", batchSize, scored, clock.Elapsed.TotalSeconds);
    }
}
