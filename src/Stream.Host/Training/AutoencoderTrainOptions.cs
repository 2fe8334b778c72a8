using System.CommandLine;
using StreamAE.Models.Data;
#if WITH_TRAINER
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Training.Bundles;
using StreamAE.Models.Training.Networks;
using StreamAE.Models.Training.Training;
#endif

namespace StreamAE.Host.Training;

/// <summary>
/// The <c>train</c> options of the autoencoders (ar, transformer) and the run that uses them. The options exist in
/// every build so the command line stays the same; a build with -p:WithTrainer=false has no trainer behind them.
/// </summary>
public sealed class AutoencoderTrainOptions
{
#if WITH_TRAINER
    public const bool Available = true;
#else
    public const bool Available = false;
#endif

    private readonly Option<int> _epochs = new("--epochs") { Description = "Most epochs (early stopping may end sooner).", DefaultValueFactory = _ => 30 };
    private readonly Option<int> _batch = new("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 64 };
    private readonly Option<double> _learningRate = new("--lr") { Description = "AdamW learning rate.", DefaultValueFactory = _ => 2e-3 };
    private readonly Option<int> _patience = new("--patience") { Description = "Epochs without a better validation loss before stopping.", DefaultValueFactory = _ => 5 };
    private readonly Option<int> _latent = new("--latent") { Description = "Latent (bottleneck) size.", DefaultValueFactory = _ => 8 };
    private readonly Option<int> _hidden = new("--hidden") { Description = "GRU hidden size (ar).", DefaultValueFactory = _ => 32 };
    private readonly Option<int> _dModel = new("--d-model") { Description = "Transformer width d_model.", DefaultValueFactory = _ => 32 };
    private readonly Option<int> _heads = new("--heads") { Description = "Attention heads (transformer).", DefaultValueFactory = _ => 4 };
    private readonly Option<int> _layers = new("--layers") { Description = "Encoder blocks, and as many decoder blocks (transformer).", DefaultValueFactory = _ => 2 };
    private readonly Option<int> _dFf = new("--d-ff") { Description = "Feed-forward width d_ff (transformer).", DefaultValueFactory = _ => 64 };
    private readonly Option<double> _dropout = new("--dropout") { Description = "Dropout (transformer).", DefaultValueFactory = _ => 0.1 };
    private readonly Option<int> _memoryTokens = new("--memory-tokens") { Description = "Memory tokens made from the latent for the decoder's cross-attention (transformer).", DefaultValueFactory = _ => 4 };
    private readonly Option<int> _seed = new("--seed") { Description = "Random seed (weights, shuffling, dropout).", DefaultValueFactory = _ => 42 };
    private readonly Option<string> _device = new("--device") { Description = "auto (CUDA when TorchSharp reports it), cpu or cuda.", DefaultValueFactory = _ => "auto" };
    private readonly Option<int> _threads = new("--threads") { Description = "TorchSharp threads.", DefaultValueFactory = _ => 1 };
    private readonly Option<string?> _initFrom = new("--init-from") { Description = "Bundle to start from (its weights, normalisation, hyper-parameters): fine-tuning." };
    private readonly Option<int> _scoredSteps = new("--scored-steps") { Description = "Score only the last k window steps (the newest readings); 0 = all T steps. Recorded in the manifest; the threshold is calibrated with it.", DefaultValueFactory = _ => 0 };
    private readonly Option<int?> _mallocThreshold = new("--malloc-mmap-threshold") { Description = "Set glibc's mmap threshold (bytes, e.g. 65536) against allocator fragmentation; slower." };

    public void AddTo(Command command)
    {
        _device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        foreach (var option in new Option[] { _epochs, _batch, _learningRate, _patience, _latent, _hidden, _dModel, _heads, _layers, _dFf, _dropout, _memoryTokens, _seed, _device, _threads, _initFrom, _scoredSteps, _mallocThreshold })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>--scored-steps, so <c>train --model arp</c> can refuse it.</summary>
    public Option<int> ScoredStepsOption => _scoredSteps;

    public int Train(ParseResult parse, string kind, IReadOnlyList<TrainingSeries> series, string dataPath, string outDirectory, int window, int hop, double validationSplit, double quantile, string? name, CancellationToken cancellationToken)
    {
#if WITH_TRAINER
        if (parse.GetValue(_mallocThreshold) is { } threshold && !NativeMemoryTuning.SetMmapThreshold(threshold))
        {
            Console.Error.WriteLine("--malloc-mmap-threshold: glibc's mallopt is not available here; ignored.");
        }

        var options = new AutoencoderTrainingOptions
        {
            Network = new AutoencoderHyperParameters
            {
                Kind = kind == "ar" ? AutoencoderKinds.Ar : AutoencoderKinds.Transformer,
                WindowLength = window,
                Channels = series[0].Channels,
                Latent = parse.GetValue(_latent),
                Hidden = parse.GetValue(_hidden),
                DModel = parse.GetValue(_dModel),
                Heads = parse.GetValue(_heads),
                Layers = parse.GetValue(_layers),
                FeedForward = parse.GetValue(_dFf),
                Dropout = parse.GetValue(_dropout),
                MemoryTokens = parse.GetValue(_memoryTokens),
            },
            Hop = hop,
            Epochs = parse.GetValue(_epochs),
            BatchSize = parse.GetValue(_batch),
            LearningRate = parse.GetValue(_learningRate),
            Patience = parse.GetValue(_patience),
            ValidationSplit = validationSplit,
            Seed = parse.GetValue(_seed),
            Device = parse.GetValue(_device)!,
            Threads = parse.GetValue(_threads),
            Quantile = quantile,
            ScoredSteps = parse.GetValue(_scoredSteps),
            Name = name ?? $"{(kind == "ar" ? AutoencoderKinds.Ar : AutoencoderKinds.Transformer)}-{Path.GetFileNameWithoutExtension(dataPath.TrimEnd('/'))}",
            InitFrom = parse.GetValue(_initFrom),
        };
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var trained = TrainingProgressDisplay.Run(observer => AutoencoderTrainer.Train(series, options, observer, cancellationToken), Console.Out);
        var bundle = AutoencoderBundleWriter.Write(trained, series, options, outDirectory, dataPath);
        var m = bundle.Manifest;
        Console.WriteLine(System.FormattableString.Invariant(
            $"Wrote {m.Kind} bundle {m.Name} {m.Version} to {bundle.Directory}: {trained.History.Count} epochs (best {trained.BestEpoch}{(trained.StoppedEarly ? ", stopped early" : string.Empty)}), train loss {trained.Best.TrainLoss:F5}, validation loss {trained.Best.ValidationLoss:F5}, threshold {m.Threshold.Overall:F5} ({m.Threshold.Method}), {started.Elapsed.TotalSeconds:F0}s. Loss curve: {Path.Combine(bundle.Directory, AutoencoderBundle.LossPlotFile)}"));
        return 0;
#else
        _ = (parse, kind, series, dataPath, outDirectory, window, hop, validationSplit, quantile, name, cancellationToken);
        throw new NotSupportedException("The autoencoder trainer is not in this build (-p:WithTrainer=false).");
#endif
    }
}
