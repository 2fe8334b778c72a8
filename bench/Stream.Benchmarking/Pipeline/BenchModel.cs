using StreamAE.Core.Scoring;

namespace StreamAE.Benchmarking.Pipeline;

/// <summary>
/// A model to benchmark: how to load it (a fresh instance per probe), and optionally a probe of the raw inference
/// limit at a batch size (ONNX Runtime alone, for the autoencoders; defaults to the scorer alone) and of training.
/// </summary>
public sealed record BenchModel(
    string Name,
    Func<ScoringModel> Load,
    Func<int, ThroughputResult>? RawProbe = null,
    Func<ThroughputResult>? TrainingProbe = null);
