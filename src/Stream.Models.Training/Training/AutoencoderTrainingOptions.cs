using StreamAE.Models.Thresholds;

namespace StreamAE.Models.Training.Training;

/// <summary>
/// How to train an autoencoder. <see cref="Network"/> carries the kind and hyper-parameters; its Channels is taken
/// from the data. Defaults are sized for the bundled sample on a small CPU: a few minutes at most on 2 cores.
/// </summary>
public sealed record AutoencoderTrainingOptions
{
    public required Networks.AutoencoderHyperParameters Network { get; init; }

    public int Hop { get; init; } = 1;

    public int Epochs { get; init; } = 30;

    public int BatchSize { get; init; } = 64;

    public double LearningRate { get; init; } = 2e-3;

    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Fraction at the end of each series held out for early stopping and threshold calibration (no look-ahead).</summary>
    public double ValidationSplit { get; init; } = 0.2;

    /// <summary>Epochs without a better validation loss before training stops.</summary>
    public int Patience { get; init; } = 5;

    public int Seed { get; init; } = 42;

    /// <summary>auto (CUDA when TorchSharp reports it), cpu or cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>TorchSharp intra-op threads; 1 keeps training deterministic and leaves cores to others.</summary>
    public int Threads { get; init; } = 1;

    public double Quantile { get; init; } = ThresholdCalibrator.DefaultQuantile;

    /// <summary>Newest window steps the score (and so the calibrated threshold) averages over; 0 = all. Recorded in the manifest.</summary>
    public int ScoredSteps { get; init; }

    public string? Name { get; init; }

    /// <summary>A bundle whose weights (and normalisation, hyper-parameters) training starts from: fine-tuning.</summary>
    public string? InitFrom { get; init; }

    public void Validate()
    {
        if (Hop < 1 || Epochs < 1 || BatchSize < 1 || Threads < 1 || Patience < 1)
        {
            throw new ArgumentException("hop, epochs, batch, threads and patience must be at least 1.");
        }

        if (LearningRate <= 0 || !double.IsFinite(LearningRate))
        {
            throw new ArgumentException($"learning rate must be positive, is {LearningRate}.");
        }

        if (ValidationSplit is <= 0 or >= 1)
        {
            throw new ArgumentException($"validation split must be in (0, 1), is {ValidationSplit}.");
        }

        if (ScoredSteps < 0)
        {
            throw new ArgumentException($"scored steps must be 0 (the whole window) or a number of newest steps from 1 up, is {ScoredSteps}.");
        }

        if (Device is not ("auto" or "cpu" or "cuda"))
        {
            throw new ArgumentException($"device must be auto, cpu or cuda, is '{Device}'.");
        }
    }
}
