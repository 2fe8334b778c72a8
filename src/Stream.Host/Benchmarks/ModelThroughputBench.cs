using StreamAE.Models.Autoencoders;
using StreamAE.Models.Bundles;
#if WITH_TRAINER
using StreamAE.Models.Training.Bundles;
using StreamAE.Models.Training.Throughput;
#endif

namespace StreamAE.Host.Benchmarks;

/// <summary>
/// Per bundle: scoring windows/s at each batch size — raw ONNX Runtime for the autoencoders, the C# scorer for the
/// AR(p) baseline — and training windows/s (forward + backward + AdamW) for the autoencoders' architecture.
/// </summary>
public sealed class ModelThroughputBench(IReadOnlyList<int> scoringBatches, int trainingBatch, TimeSpan budget, int threads)
{
    public IEnumerable<BenchRow> Run(string bundleDirectory)
    {
        var bundle = ModelBundle.Read(bundleDirectory);
        var m = bundle.Manifest;
        if (AutoencoderKinds.IsAutoencoder(m.Kind))
        {
            using var scorer = AutoencoderBundle.CreateScorer(bundle, new OnnxScorerOptions { IntraOpThreads = threads });
            foreach (var batch in scoringBatches)
            {
                yield return new BenchRow(m.Name, m.Kind, "onnx-runtime scoring", batch, OrtThroughputProbe.MeasureOnnx(scorer, batch, budget).WindowsPerSecond);
            }

#if WITH_TRAINER
            var hyper = AutoencoderWeights.ReadHyperParameters(bundle);
            yield return new BenchRow(m.Name, m.Kind, "torchsharp training", trainingBatch, TrainingThroughputProbe.Measure(hyper, trainingBatch, budget, threads).WindowsPerSecond, "forward+backward+AdamW");
#else
            yield return new BenchRow(m.Name, m.Kind, "torchsharp training", trainingBatch, double.NaN, "trainer not in this build");
#endif
        }
        else
        {
            using var model = ModelBundleLoader.Load(bundle);
            var random = new Random(1);
            var (t, c) = (m.WindowLength, m.Channels.Count);
            var windows = Enumerable.Range(0, scoringBatches.Max() * 2)
                .Select(i => new Core.Domain.SensorWindow("bench", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, t, c, [.. Enumerable.Range(0, t * c).Select(_ => m.Normalization.Mean[0] + (float)random.NextDouble())]))
                .ToList();
            foreach (var batch in scoringBatches)
            {
                yield return new BenchRow(m.Name, m.Kind, "c# scoring", batch, OrtThroughputProbe.MeasureScorer(model.Scorer, windows, batch, budget).WindowsPerSecond);
            }

            yield return new BenchRow(m.Name, m.Kind, "training", 0, double.NaN, "closed-form least squares, no training loop");
        }
    }

    public static void Print(IEnumerable<BenchRow> rows, TextWriter writer)
    {
        writer.WriteLine($"{"model",-26} {"kind",-24} {"measure",-22} {"batch",6} {"windows/s",12}  note");
        foreach (var r in rows)
        {
            var rate = double.IsNaN(r.WindowsPerSecond) ? "—" : r.WindowsPerSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
            var batch = r.Batch > 0 ? r.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture) : "—";
            writer.WriteLine($"{r.Model,-26} {r.Kind,-24} {r.Measure,-22} {batch,6} {rate,12}  {r.Note}");
            writer.Flush();
        }
    }
}
