using StreamAE.Core.Domain;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;

namespace StreamAE.Models.Tests;

/// <summary>
/// "Scored steps" k: the autoencoder score over the last k window steps, recorded in the manifest and enforced so a
/// bundle is never scored with a k its threshold was not calibrated for.
/// </summary>
public sealed class OnnxScoredStepsTests : IDisposable
{
    private const int T = 4;
    private const int C = 2;

    // Normalised with mean [1, 0], std [2, 1]; the tiny model reconstructs 0.5·x, so each error is (0.5x − x)² = x²/4.
    // Step 2: a = (5 − 1)/2 = 2 → 1, b = 0 → 0. Step 3: a = (−1 − 1)/2 = −1 → 0.25, b = 4 → 4.
    private static readonly float[] Raw = [1, 2, 3, -2, 5, 0, -1, 4];

    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-scored-steps-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SensorWindow Window() =>
        new("s1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(T - 1), T, C, Raw);

    private static ModelManifest Manifest(int? scoredSteps, string kind = AutoencoderKinds.Ar) => new()
    {
        Kind = kind,
        Name = "tiny",
        Version = "v1",
        WindowLength = T,
        Channels = ["a", "b"],
        Normalization = new NormalizationInfo([1f, 0f], [2f, 1f]),
        Threshold = new ThresholdInfo(0.5, null, "quantile:0.99"),
        ScoredSteps = scoredSteps,
        Training = new TrainingInfo { DataFingerprint = "sha256:00", CreatedAt = DateTimeOffset.UnixEpoch, TrainerVersion = "test" },
    };

    private string WriteBundle(string name, int? scoredSteps, string kind = AutoencoderKinds.Ar)
    {
        var directory = Path.Combine(_dir, name);
        ModelBundle.Write(directory, Manifest(scoredSteps, kind));
        File.WriteAllBytes(Path.Combine(directory, AutoencoderBundle.OnnxFile), TinyOnnxModel.Scaling(T, C, 0.5f));
        return directory;
    }

    private OnnxAutoencoderScorer Scorer(int? scoredSteps)
    {
        var path = Path.Combine(_dir, $"direct-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, TinyOnnxModel.Scaling(T, C, 0.5f));
        return new OnnxAutoencoderScorer(
            new ModelDescriptor("tiny", "v1", AutoencoderKinds.Ar, T, ["a", "b"]), path, new Normalization([1f, 0f], [2f, 1f]), new OnnxScorerOptions { ScoredSteps = scoredSteps });
    }

    [Fact]
    public void With_one_scored_step_the_score_is_the_last_steps_squared_error()
    {
        using var scorer = Scorer(1);
        var score = Assert.Single(scorer.Score([Window()]));
        Assert.Equal(1, scorer.ScoredStepCount);
        Assert.Equal((0.25 + 4) / 2, score.Score, 6);
        Assert.Equal(0.25, score.ChannelErrors[0], 6);
        Assert.Equal(4.0, score.ChannelErrors[1], 6);
    }

    [Fact]
    public void With_two_scored_steps_the_score_averages_the_last_two()
    {
        using var scorer = Scorer(2);
        var score = Assert.Single(scorer.Score([Window()]));
        Assert.Equal((1 + 0 + 0.25 + 4) / 4, score.Score, 6);
        Assert.Equal((1 + 0.25) / 2, score.ChannelErrors[0], 6);
        Assert.Equal((0 + 4) / 2.0, score.ChannelErrors[1], 6);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(T)]
    [InlineData(100)]
    public void Zero_absent_or_at_least_T_scores_the_whole_window(int? scoredSteps)
    {
        using var all = Scorer(scoredSteps);

        // Steps 0 and 1: a = 0 → 0, (3 − 1)/2 = 1 → 0.25; b = 2 → 1, −2 → 1.
        var expected = (0 + 1 + 0.25 + 1 + 1 + 0 + 0.25 + 4) / (T * C);
        Assert.Equal(T, all.ScoredStepCount);
        Assert.Equal(expected, all.Score([Window()])[0].Score, 6);
    }

    [Fact]
    public void A_negative_k_is_refused_with_a_clear_message()
    {
        var ex = Assert.Throws<ModelBundleException>(() => Scorer(-1));
        Assert.Contains("scored steps must be 0 (the whole window) or a number of newest steps from 1 up, is -1", ex.Message, StringComparison.Ordinal);

        var directory = WriteBundle("negative", -3);
        var fromManifest = Assert.Throws<ModelBundleException>(() => ModelBundleLoader.Load(directory));
        Assert.Contains("manifest.json: scored steps must be 0", fromManifest.Message, StringComparison.Ordinal);
        Assert.Contains(directory, fromManifest.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_scores_with_its_manifests_k()
    {
        using var model = ModelBundleLoader.Load(WriteBundle("last1", 1));
        Assert.Equal((0.25 + 4) / 2, model.Scorer.Score([Window()])[0].Score, 6);
    }

    [Fact]
    public void A_configured_k_that_differs_from_the_bundles_is_refused_and_a_matching_one_is_accepted()
    {
        var last1 = WriteBundle("last1", 1);
        var ex = Assert.Throws<ModelBundleException>(() => ModelBundleLoader.Load(last1, new OnnxScorerOptions { ScoredSteps = 0 }));
        Assert.Contains("Model:Onnx:ScoredSteps is 0 but the bundle's thresholds were calibrated scoring last 1 of 4 steps", ex.Message, StringComparison.Ordinal);
        Assert.Contains("train --scored-steps 0", ex.Message, StringComparison.Ordinal);

        var old = WriteBundle("old", null);
        Assert.Contains("calibrated scoring all steps", Assert.Throws<ModelBundleException>(() => ModelBundleLoader.Load(old, new OnnxScorerOptions { ScoredSteps = 2 })).Message, StringComparison.Ordinal);
        Assert.Throws<ModelBundleException>(() => ModelBundleLoader.Load(old, new OnnxScorerOptions { ScoredSteps = -1 }));

        using var same = ModelBundleLoader.Load(last1, new OnnxScorerOptions { ScoredSteps = 1 });
        using var allAsT = ModelBundleLoader.Load(old, new OnnxScorerOptions { ScoredSteps = T });
        Assert.Equal((0.25 + 4) / 2, same.Scorer.Score([Window()])[0].Score, 6);
    }

    [Fact]
    public void The_manifest_round_trips_k_and_an_old_manifest_without_it_means_all_steps()
    {
        var last3 = WriteBundle("last3", 3);
        Assert.Contains("\"scoredSteps\": 3", File.ReadAllText(Path.Combine(last3, ModelBundle.ManifestFile)), StringComparison.Ordinal);
        Assert.Equal(3, ModelBundle.Read(last3).Manifest.ScoredSteps);

        var old = WriteBundle("old", null);
        Assert.DoesNotContain("scoredSteps", File.ReadAllText(Path.Combine(old, ModelBundle.ManifestFile)), StringComparison.Ordinal);
        Assert.Null(ModelBundle.Read(old).Manifest.ScoredSteps);
        using var model = ModelBundleLoader.Load(old);
        Assert.Equal(T, ((OnnxAutoencoderScorer)model.Scorer).ScoredStepCount);
    }

    [Fact]
    public void An_arp_bundle_with_scored_steps_is_refused()
    {
        var directory = Path.Combine(_dir, "arp");
        ModelBundle.Write(directory, Manifest(2, "arp"));
        Assert.Contains("scoredSteps applies to the autoencoders only", Assert.Throws<ModelBundleException>(() => ModelBundleLoader.Load(directory)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, T, null)]
    [InlineData(0, T, null)]
    [InlineData(T, T, null)]
    [InlineData(9, T, null)]
    [InlineData(1, T, 1)]
    public void A_manifest_records_k_only_when_it_is_fewer_than_T(int? asked, int windowLength, int? recorded) =>
        Assert.Equal(recorded, ScoredSteps.ForManifest(asked, windowLength));
}
