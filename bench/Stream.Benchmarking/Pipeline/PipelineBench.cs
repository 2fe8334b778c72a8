using StreamAE.Benchmarking.Onnx;
using StreamAE.Benchmarking.Pipeline;
using StreamAE.Models.Arp;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;
#if WITH_TRAINER
using StreamAE.Models.Training.Bundles;
using StreamAE.Benchmarking.Training;
#endif

namespace StreamAE.Benchmarking.Pipeline;

/// <summary>
/// Turns a bundle into a <see cref="BenchModel"/> for the side-by-side suite: the raw limit is ONNX Runtime alone for
/// the autoencoders (<see cref="OrtThroughputProbe.MeasureOnnx"/>: one session run on a normalised batch, buffers reused) and the C# scorer for AR(p); training is TorchSharp steps for the
/// autoencoders (where the trainer is built) and the least-squares fit for AR(p).
/// </summary>
public static class PipelineBench
{
    public static BenchModel For(string bundleDirectory, int threads, TimeSpan budget, int trainingBatch)
    {
        var bundle = ModelBundle.Read(bundleDirectory);
        var m = bundle.Manifest;
        var onnx = new OnnxScorerOptions { IntraOpThreads = threads };
        Func<Core.Scoring.ScoringModel> load = () => ModelBundleLoader.Load(bundle, onnx);
        if (AutoencoderKinds.IsAutoencoder(m.Kind))
        {
            return new BenchModel(
                m.Name,
                load,
                batch =>
                {
                    using var scorer = AutoencoderBundle.CreateScorer(bundle, onnx);
                    return ThroughputResult.From(OrtThroughputProbe.MeasureOnnx(scorer, batch, budget), "raw onnx runtime");
                },
                TrainingProbe(bundle, trainingBatch, budget, threads));
        }

        var order = ArpBundle.ReadParameters(bundle).Order;
        return new BenchModel(m.Name, load, null, () => ArpTrainingProbe.Run([Synthetic(m.WindowLength, m.Channels.Count)], m.WindowLength, order));
    }

    /// <summary>
    /// The raw limit of a bundle at one batch size, windows/s: ONNX Runtime alone for the autoencoders, the C# scorer on
    /// prepared windows for AR(p) — what the pipeline and the Kafka path are compared with.
    /// </summary>
    public static double RawWindowsPerSecond(BenchModel bench, int batch, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(bench);
        if (bench.RawProbe is { } probe)
        {
            return probe(batch).WindowsPerSecond;
        }

        using var model = bench.Load();
        var d = model.Descriptor;
        var windows = new Core.Pipeline.SlidingWindowAssembler(new Core.Pipeline.WindowingOptions { WindowLength = d.WindowLength, Hop = 1 })
            .AddRange(SyntheticReadings.Create(64, d.WindowLength + 64, d.Channels));
        return OrtThroughputProbe.MeasureScorer(model.Scorer, windows, batch, budget).WindowsPerSecond;
    }

    private static Func<ThroughputResult>? TrainingProbe(ModelBundle bundle, int trainingBatch, TimeSpan budget, int threads)
    {
#if WITH_TRAINER
        return () =>
        {
            return ThroughputResult.From(TrainingThroughputProbe.Measure(AutoencoderWeights.ReadHyperParameters(bundle), trainingBatch, budget, threads), "training (torchsharp)");
        };
#else
        _ = (bundle, trainingBatch, budget, threads);
        return null; // this build has no trainer
#endif
    }

    /// <summary>10,000 rows of the synthetic benchmark signal as training data.</summary>
    private static TrainingSeries Synthetic(int windowLength, int channels)
    {
        var readings = SyntheticReadings.Create(1, Math.Max(10_000, windowLength * 10), channels);
        return TrainingSeries.FromReadings(readings[0].SensorId, [.. Enumerable.Range(0, channels).Select(c => $"ch{c}")], readings);
    }
}
