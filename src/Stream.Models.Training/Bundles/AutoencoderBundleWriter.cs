using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using StreamAE.Core.Domain;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;
using StreamAE.Models.Thresholds;
using StreamAE.Models.Training.Training;

namespace StreamAE.Models.Training.Bundles;

/// <summary>
/// Writes a trained autoencoder as a bundle: model.onnx (our exporter), weights.bin (TorchSharp, for resuming),
/// loss.png, and manifest.json whose thresholds come from scoring the held-out windows with the exported ONNX model
/// through the same scorer the host uses.
/// </summary>
public static class AutoencoderBundleWriter
{
    public static string TrainerVersion => typeof(AutoencoderBundleWriter).Assembly.GetName().Version?.ToString() ?? "0";

    public static ModelBundle Write(TrainedAutoencoder trained, IReadOnlyList<TrainingSeries> series, AutoencoderTrainingOptions options, string outDirectory, string? dataSource = null)
    {
        var hyper = trained.Network.HyperParameters;
        Directory.CreateDirectory(outDirectory);
        var onnxPath = Path.Combine(outDirectory, AutoencoderBundle.OnnxFile);
        File.WriteAllBytes(onnxPath, trained.Network.ExportOnnx(TrainerVersion).ToByteArray());
        trained.Network.save(Path.Combine(outDirectory, AutoencoderBundle.WeightsFile));

        var createdAt = DateTimeOffset.UtcNow;
        var fingerprint = TrainingSeries.Fingerprint(series);
        var version = $"{createdAt:yyyyMMdd'T'HHmmss'Z'}-{fingerprint[7..15]}";
        var name = options.Name ?? $"{hyper.Kind}-{series[0].SensorId}";
        var channels = series[0].ChannelNames;
        var descriptor = new ModelDescriptor(name, version, hyper.Kind, hyper.WindowLength, channels);

        // The thresholds are calibrated with the k the manifest records, so the host scores exactly as calibrated.
        var scoredSteps = ScoredSteps.ForManifest(options.ScoredSteps, hyper.WindowLength);
        List<WindowScore> scores;
        using (var scorer = new OnnxAutoencoderScorer(descriptor, onnxPath, trained.Normalization, new OnnxScorerOptions { ScoredSteps = scoredSteps }, outDirectory))
        {
            scores = [];
            foreach (var s in trained.Validation)
            {
                foreach (var chunk in s.Windows(hyper.WindowLength, 1).Chunk(256))
                {
                    scores.AddRange(scorer.Score(chunk));
                }
            }
        }

        var threshold = ThresholdCalibrator.FromScores(scores, options.Quantile);
        LossPlot.Save(trained.History, trained.BestEpoch, $"{name}: reconstruction loss", Path.Combine(outDirectory, AutoencoderBundle.LossPlotFile));
        var parameters = new JsonObject
        {
            [AutoencoderBundle.HyperParametersKey] = JsonSerializer.SerializeToNode(hyper, ModelBundle.Json),
            ["inputShape"] = new JsonArray("batch", hyper.WindowLength, hyper.Channels),
            ["onnx"] = new JsonObject { ["file"] = AutoencoderBundle.OnnxFile, ["opset"] = 17, ["input"] = "window", ["output"] = "reconstruction" },
            ["score"] = $"mean squared reconstruction error of the normalised window over {ScoredSteps.Describe(scoredSteps, hyper.WindowLength)}; per-channel error = mean squared error of the channel over the same steps",
            ["training"] = new JsonObject
            {
                ["hop"] = options.Hop,
                ["maxEpochs"] = options.Epochs,
                ["batchSize"] = options.BatchSize,
                ["learningRate"] = options.LearningRate,
                ["weightDecay"] = options.WeightDecay,
                ["optimizer"] = "AdamW",
                ["validationSplit"] = options.ValidationSplit,
                ["patience"] = options.Patience,
                ["bestEpoch"] = trained.BestEpoch,
                ["stoppedEarly"] = trained.StoppedEarly,
                ["device"] = trained.Device,
                ["threads"] = options.Threads,
                ["initFrom"] = options.InitFrom,
                ["trainLoss"] = new JsonArray([.. trained.History.Select(h => JsonValue.Create(Math.Round(h.TrainLoss, 6)))]),
                ["validationLoss"] = new JsonArray([.. trained.History.Select(h => JsonValue.Create(Math.Round(h.ValidationLoss, 6)))]),
            },
        };
        var manifest = new ModelManifest
        {
            Kind = hyper.Kind,
            Name = name,
            Version = version,
            WindowLength = hyper.WindowLength,
            Hop = options.Hop,
            Channels = channels,
            Normalization = new NormalizationInfo(trained.Normalization.Mean, trained.Normalization.Std),
            Threshold = new ThresholdInfo(threshold.Overall, threshold.PerChannel?.ToArray(), threshold.Method),
            Parameters = parameters,
            ScoredSteps = scoredSteps,
            Training = new TrainingInfo
            {
                DataFingerprint = fingerprint,
                DataSource = dataSource,
                Rows = series.Sum(s => s.Length),
                Windows = trained.TrainWindows,
                Seed = options.Seed,
                Epochs = trained.History.Count,
                FinalTrainLoss = trained.Best.TrainLoss,
                FinalValidationLoss = trained.Best.ValidationLoss,
                ValidationScores = ScoreDistribution.Of(scores.Select(s => s.Score).ToArray()),
                CreatedAt = createdAt,
                TrainerVersion = TrainerVersion,
            },
        };
        return ModelBundle.Write(outDirectory, manifest);
    }
}
