using StreamAE.Models.Autoencoders;
using StreamAE.Models.Bundles;
using StreamAE.Models.Training.Bundles;
using StreamAE.Models.Training.Training;
using static TorchSharp.torch;

namespace StreamAE.Models.Training.Tests;

public sealed class BundleTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"streamae-bundle-{Guid.NewGuid():N}");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(AutoencoderKinds.Ar)]
    [InlineData(AutoencoderKinds.Transformer)]
    public void A_written_bundle_loads_scores_and_resumes_from_its_weights(string kind)
    {
        var series = TinyData.Series();
        var options = TinyData.Options(kind, epochs: 2);
        using var trained = AutoencoderTrainer.Train([series], options, cancellationToken: Token);
        var bundle = AutoencoderBundleWriter.Write(trained, [series], options, _directory, "tiny.csv");

        foreach (var file in new[] { AutoencoderBundle.OnnxFile, AutoencoderBundle.WeightsFile, AutoencoderBundle.LossPlotFile, ModelBundle.ManifestFile })
        {
            Assert.True(new FileInfo(Path.Combine(_directory, file)).Length > 0, $"{file} written");
        }

        var read = ModelBundle.Read(_directory);
        Assert.Equal(kind, read.Manifest.Kind);
        Assert.Equal(["ch0", "ch1"], read.Manifest.Channels);
        Assert.Equal(options.Seed, read.Manifest.Training.Seed);
        Assert.Equal(trained.Best.ValidationLoss, read.Manifest.Training.FinalValidationLoss);
        Assert.Equal(2, read.Manifest.Threshold.PerChannel!.Length);
        Assert.Equal(trained.Network.HyperParameters, AutoencoderWeights.ReadHyperParameters(read));

        // The host's loader scores the held-out windows with the calibrated threshold.
        using var model = ModelBundleLoader.Load(read);
        var windows = trained.Validation[0].Windows(12, 1).ToList();
        var scores = model.Scorer.Score(windows);
        Assert.Equal(windows.Count, scores.Count);
        Assert.Equal(scores.Max(s => s.Score), read.Manifest.Training.ValidationScores!.Max, 6);
        Assert.Contains(scores, s => !model.Threshold.IsAnomalous(s.Score));

        // weights.bin rebuilds the same network ...
        var (network, normalization) = AutoencoderWeights.Load(_directory);
        using (network)
        {
            Assert.Equal(trained.Normalization.Mean, normalization.Mean);
            network.eval();
            using var noGrad = no_grad();
            using var x = tensor(TinyData.RandomWindows(4, 12, 2, seed: 3), [4, 12, 2]);
            using var a = trained.Network.call(x);
            using var b = network.call(x);
            Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        }

        // ... and fine-tuning starts from it: its first validation loss is close to the trained one, not a fresh start's.
        using var resumed = AutoencoderTrainer.Train([series], options with { Epochs = 1, InitFrom = _directory }, cancellationToken: Token);
        using var fresh = AutoencoderTrainer.Train([series], options with { Epochs = 1, Seed = 99 }, cancellationToken: Token);
        Assert.True(resumed.History[0].ValidationLoss < fresh.History[0].ValidationLoss, $"resumed {resumed.History[0].ValidationLoss} vs fresh {fresh.History[0].ValidationLoss}");
    }

    [Fact]
    public void A_bundle_trained_with_scored_steps_records_k_and_calibrates_its_threshold_with_it()
    {
        var series = TinyData.Series();
        var options = TinyData.Options(AutoencoderKinds.Ar, epochs: 1) with { ScoredSteps = 2 };
        using var trained = AutoencoderTrainer.Train([series], options, cancellationToken: Token);
        var bundle = AutoencoderBundleWriter.Write(trained, [series], options, _directory);
        Assert.Equal(2, bundle.Manifest.ScoredSteps);
        Assert.Contains("last 2 of 12 steps", bundle.Manifest.Parameters["score"]!.GetValue<string>(), StringComparison.Ordinal);

        // The calibration scores are the loaded scorer's last-2-step scores, not the whole-window ones.
        using var model = ModelBundleLoader.Load(ModelBundle.Read(_directory));
        var windows = trained.Validation[0].Windows(12, 1).ToList();
        var lastTwo = model.Scorer.Score(windows).Max(s => s.Score);
        Assert.Equal(lastTwo, bundle.Manifest.Training.ValidationScores!.Max, 6);
        using var whole = new OnnxAutoencoderScorer(model.Descriptor, Path.Combine(_directory, AutoencoderBundle.OnnxFile), trained.Normalization);
        Assert.NotEqual(whole.Score(windows).Max(s => s.Score), lastTwo, 6);

        Assert.Throws<ArgumentException>(() => AutoencoderTrainer.Train([series], options with { ScoredSteps = -1 }, cancellationToken: Token));
    }

    [Fact]
    public void Resuming_from_a_bundle_without_weights_says_so()
    {
        var series = TinyData.Series();
        var options = TinyData.Options(AutoencoderKinds.Ar, epochs: 1);
        using (var trained = AutoencoderTrainer.Train([series], options, cancellationToken: Token))
        {
            AutoencoderBundleWriter.Write(trained, [series], options, _directory);
        }

        File.Delete(Path.Combine(_directory, AutoencoderBundle.WeightsFile));
        var ex = Assert.Throws<ModelBundleException>(() => AutoencoderTrainer.Train([series], options with { InitFrom = _directory }, cancellationToken: Token));
        Assert.Contains("weights.bin is missing", ex.Message);
    }
}
