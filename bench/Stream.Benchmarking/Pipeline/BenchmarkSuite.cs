using StreamAE.Benchmarking.Onnx;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Evaluation.Running;
using StreamAE.Models.Autoencoders;

namespace StreamAE.Benchmarking.Pipeline;

/// <summary>
/// Measures each model side by side in one run: raw inference windows/s per batch size (the limit), the whole
/// pipeline's windows/s on the same model and batch size, per-window latency p50/p99, memory per tracked sensor and
/// training windows/s.
/// </summary>
public static class BenchmarkSuite
{
    public static ModelBenchResult Run(BenchModel bench, BenchOptions options, IEvaluationProgress? progress = null)
    {
        var task = $"bench {bench.Name}";
        progress?.Start(task, (options.BatchSizes.Count * 3) + options.MemorySensors.Count + 1);
        string kind;
        int length, channels;
        var raw = new List<ThroughputResult>();
        using (var model = bench.Load())
        {
            (kind, length, channels) = (model.Descriptor.Kind, model.Descriptor.WindowLength, model.Descriptor.Channels);
            var windows = new Core.Pipeline.SlidingWindowAssembler(new Core.Pipeline.WindowingOptions { WindowLength = length, Hop = 1 }).AddRange(SyntheticReadings.Create(64, length + 64, channels));
            foreach (var batch in options.BatchSizes)
            {
                // Without a raw probe of its own (AR(p)), the scorer alone on prepared batches is the limit.
                raw.Add(bench.RawProbe?.Invoke(batch) ?? ThroughputResult.From(OrtThroughputProbe.MeasureScorer(model.Scorer, windows, batch, options.RawDuration), $"raw scorer ({kind})"));
                progress?.Advance(task);
            }
        }

        var pipeline = new List<ThroughputResult>();
        var latency = new List<ThroughputResult>();
        foreach (var batch in options.BatchSizes)
        {
            var rawSpeed = raw.First(r => r.BatchSize == batch).WindowsPerSecond;
            var readings = (int)Math.Clamp(rawSpeed * options.PipelineTarget.TotalSeconds, options.MinReadings, options.MaxReadings);
            var input = SyntheticReadings.Create(options.Sensors, Math.Max(length + 1, readings / options.Sensors), channels);
            using (var model = bench.Load())
            {
                pipeline.Add(PipelineProbe.Throughput(model, input, batch));
            }

            progress?.Advance(task);
            using (var model = bench.Load())
            {
                latency.Add(PipelineProbe.Latency(model, input, batch));
            }

            progress?.Advance(task);
        }

        var memory = new List<MemoryProbe.Result>();
        var calibrated = new List<MemoryProbe.Result>();
        foreach (var sensors in options.MemorySensors)
        {
            using (var model = bench.Load())
            {
                memory.Add(MemoryProbe.PerSensor(model, sensors, CalibrationOptions.Off));
            }

            using (var model = bench.Load())
            {
                calibrated.Add(MemoryProbe.PerSensor(model, sensors, CalibrationOptions.Default));
            }

            progress?.Advance(task);
        }

        var training = bench.TrainingProbe?.Invoke();
        progress?.Advance(task);
        return new ModelBenchResult(bench.Name, kind, length, channels, raw, pipeline, latency, memory, training) { CalibratedMemory = calibrated };
    }
}
