using StreamAE.Models.Data;
using StreamAE.Models.Training.Bundles;
using StreamAE.Models.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAE.Models.Training.Training;

/// <summary>
/// Trains an autoencoder to reconstruct normal windows: AdamW on the mean squared error of normalised windows, shuffled
/// mini-batches, early stopping on the loss of the held-out end of each series, best weights kept. For a given seed
/// and thread count the result is the same run after run on the CPU.
/// </summary>
public static class AutoencoderTrainer
{
    private const int EvaluationBatch = 256;

    public static TrainedAutoencoder Train(IReadOnlyList<TrainingSeries> series, AutoencoderTrainingOptions options, ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        observer ??= SilentTrainingObserver.Instance;
        if (series.Count == 0)
        {
            throw new ArgumentException("No training series.", nameof(series));
        }

        var length = options.Network.WindowLength;
        var (fit, validation) = Split(series, options.ValidationSplit, length);
        var device = ResolveDevice(options.Device);
        torch.set_num_threads(options.Threads);
        torch.manual_seed(options.Seed);

        Normalization normalization;
        AutoencoderNetwork network;
        if (options.InitFrom is { } bundlePath)
        {
            (network, normalization) = AutoencoderWeights.Load(bundlePath);
            if (network.HyperParameters.Channels != series[0].Channels || network.HyperParameters.WindowLength != length)
            {
                network.Dispose();
                throw new ArgumentException($"--init-from bundle '{bundlePath}' is for windows {network.HyperParameters.WindowLength}×{network.HyperParameters.Channels} (T×C) but the data and options give {length}×{series[0].Channels}.");
            }
        }
        else
        {
            normalization = Normalization.Fit(fit);
            network = AutoencoderNetwork.Create(options.Network with { Channels = series[0].Channels });
        }

        network.to(device);
        var trainSet = WindowSet.From(fit, normalization, length, options.Hop);
        var validationSet = WindowSet.From(validation, normalization, length, 1);
        if (trainSet.Count == 0 || validationSet.Count == 0)
        {
            throw new ArgumentException($"Too little data: {trainSet.Count} training and {validationSet.Count} validation windows of length {length}. Use more rows, a shorter window or another validation split.");
        }

        var batchesPerEpoch = (trainSet.Count + options.BatchSize - 1) / options.BatchSize;
        observer.Started(options.Epochs, batchesPerEpoch, trainSet.Count, validationSet.Count, device.type.ToString().ToLowerInvariant());
        using var optimizer = optim.AdamW(network.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var shuffle = new Random(options.Seed);
        var order = Enumerable.Range(0, trainSet.Count).ToArray();
        var history = new List<EpochResult>();
        var best = double.PositiveInfinity;
        var bestEpoch = 0;
        Dictionary<string, Tensor>? bestState = null;
        var stoppedEarly = false;
        try
        {
            for (var epoch = 1; epoch <= options.Epochs; epoch++)
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                network.train();
                shuffle.Shuffle(order);
                double sum = 0;
                for (var b = 0; b < batchesPerEpoch; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var indices = order.AsSpan(b * options.BatchSize, Math.Min(options.BatchSize, trainSet.Count - (b * options.BatchSize)));
                    var loss = Step(network, optimizer, trainSet, indices, device);
                    sum += loss * indices.Length;
                    observer.BatchDone(epoch, b + 1, loss);
                }

                var validationLoss = Evaluate(network, validationSet, device);
                var improved = validationLoss < best;
                if (improved)
                {
                    best = validationLoss;
                    bestEpoch = epoch;
                    DisposeState(bestState);
                    bestState = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
                }

                var result = new EpochResult(epoch, sum / trainSet.Count, validationLoss, improved, started.Elapsed);
                history.Add(result);
                observer.EpochDone(result);
                if (epoch - bestEpoch >= options.Patience)
                {
                    stoppedEarly = epoch < options.Epochs;
                    break;
                }
            }

            network.load_state_dict(bestState!);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        finally
        {
            DisposeState(bestState);
        }

        network.eval();
        return new TrainedAutoencoder(network, normalization, history, bestEpoch, stoppedEarly, device.type.ToString().ToLowerInvariant(), validation, trainSet.Count);
    }

    /// <summary>One optimisation step (forward, backward, AdamW) on the given windows; returns the batch loss.</summary>
    internal static double Step(AutoencoderNetwork network, optim.Optimizer optimizer, WindowSet set, ReadOnlySpan<int> indices, Device device)
    {
        // A dispose scope per step frees every intermediate tensor at once (TorchSharp would otherwise leave it to the GC).
        using var scope = NewDisposeScope();
        var x = tensor(set.Gather(indices), [indices.Length, set.Length, set.Channels]).to(device);
        optimizer.zero_grad();
        var loss = nn.functional.mse_loss(network.call(x), x);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Mean squared reconstruction error over a whole window set, without gradients.</summary>
    internal static double Evaluate(AutoencoderNetwork network, WindowSet set, Device device)
    {
        network.eval();
        using var noGrad = no_grad();
        double sum = 0;
        for (var start = 0; start < set.Count; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(EvaluationBatch, set.Count - start);
            var indices = Enumerable.Range(start, count).ToArray();
            var x = tensor(set.Gather(indices), [count, set.Length, set.Channels]).to(device);
            sum += nn.functional.mse_loss(network.call(x), x).item<float>() * count;
        }

        return sum / set.Count;
    }

    internal static Device ResolveDevice(string device) => device switch
    {
        "cpu" => CPU,
        "cuda" => cuda.is_available() ? CUDA : throw new ArgumentException("--device cuda: TorchSharp reports no CUDA device (this build uses the CPU LibTorch package; see the README)."),
        _ => cuda.is_available() ? CUDA : CPU,
    };

    /// <summary>Each series' end (the validation fraction) is held out; what comes before is fitted. No look-ahead.</summary>
    internal static (List<TrainingSeries> Fit, List<TrainingSeries> Validation) Split(IReadOnlyList<TrainingSeries> series, double fraction, int length)
    {
        var fit = new List<TrainingSeries>();
        var validation = new List<TrainingSeries>();
        foreach (var s in series)
        {
            var validationRows = (int)(s.Length * fraction);
            if (validationRows >= length)
            {
                validation.Add(s.Slice(s.Length - validationRows, validationRows));
            }
            else
            {
                validationRows = 0; // too short to hold out a window: fit all of it.
            }

            fit.Add(s.Slice(0, s.Length - validationRows));
        }

        return (fit, validation);
    }

    private static void DisposeState(Dictionary<string, Tensor>? state)
    {
        foreach (var t in state?.Values ?? Enumerable.Empty<Tensor>())
        {
            t.Dispose();
        }
    }
}
