#if WITH_TRAINER
using StreamAE.Evaluation.Detectors;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Data;
using StreamAE.Models.Training.Bundles;
using StreamAE.Models.Training.Networks;
using StreamAE.Models.Training.Training;

namespace StreamAE.Host.Detectors;

/// <summary>
/// An autoencoder as an evaluation detector, trained and scored exactly as in production: TorchSharp training on the
/// training rows (early stopping on their held-out end), export to ONNX in a bundle, scoring with ONNX Runtime through
/// the pipeline. The held-out end also calibrates the threshold. Epochs are capped for the corpus runs (<see cref="Epochs"/>).
/// </summary>
public sealed class AutoencoderDetector(string name, string kind, int epochs = 12, int patience = 3) : IDetector
{
    /// <summary>
    /// TorchSharp training is not safe to run concurrently in one process (AdamW steps on two threads fail inside
    /// LibTorch), and each run seeds LibTorch's global generator; so files train one at a time and score in parallel.
    /// </summary>
    private static readonly Lock TrainingLock = new();

    public string Name { get; } = name;

    public int Epochs { get; } = epochs;

    public bool ScoresLastSteps => true;

    public FittedScorer Fit(IReadOnlyList<TrainingSeries> train, DetectorSettings settings)
    {
        var options = new AutoencoderTrainingOptions
        {
            Network = new AutoencoderHyperParameters { Kind = kind, WindowLength = settings.WindowLength, Channels = train[0].Channels },
            Epochs = Epochs,
            Patience = patience,
            ValidationSplit = settings.ValidationFraction,
            Seed = settings.Seed,
            Device = "cpu",
            Threads = 1,
            Quantile = settings.Quantile,
            ScoredSteps = settings.ScoredSteps,
            Name = $"{Name}-{train[0].SensorId}",
        };
        var directory = Path.Combine(Path.GetTempPath(), "streamae-eval-models", Guid.NewGuid().ToString("N"));
        try
        {
            Models.Bundles.ModelBundle bundle;
            IReadOnlyList<TrainingSeries> validation;
            lock (TrainingLock)
            {
                using var trained = AutoencoderTrainer.Train(train, options);
                bundle = AutoencoderBundleWriter.Write(trained, train, options, directory);
                validation = trained.Validation;
            }

            // ONNX Runtime has read the model into memory, so the temporary bundle can go.
            return new FittedScorer(AutoencoderBundle.CreateScorer(bundle), validation);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary bundle is harmless.
            }
        }
    }
}
#endif
