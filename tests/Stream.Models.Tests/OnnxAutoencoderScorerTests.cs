using System.Text.Json;
using StreamAE.Core.Domain;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;
using StreamAE.Models.Thresholds;

namespace StreamAE.Models.Tests;

/// <summary>The ONNX Runtime scorer and the checks on autoencoder bundles, on a hand-written ONNX graph.</summary>
public sealed class OnnxAutoencoderScorerTests : IDisposable
{
    private const int T = 4;
    private const int C = 2;
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-onnx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SensorWindow Window(params float[] values) =>
        new("s1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(T - 1), T, C, values);

    private string WriteBundle(string name, byte[]? onnx, int windowLength = T, string[]? channels = null)
    {
        var directory = Path.Combine(_dir, name);
        ModelBundle.Write(directory, new ModelManifest
        {
            Kind = AutoencoderKinds.Ar,
            Name = name,
            Version = "v1",
            WindowLength = windowLength,
            Channels = channels ?? ["a", "b"],
            Normalization = new NormalizationInfo([1f, 0f], [2f, 1f]),
            Threshold = new ThresholdInfo(0.5, [0.5, 0.5], "quantile:0.99"),
            Training = new TrainingInfo { DataFingerprint = "sha256:00", CreatedAt = DateTimeOffset.UnixEpoch, TrainerVersion = "test" },
        });
        if (onnx is not null)
        {
            File.WriteAllBytes(Path.Combine(directory, AutoencoderBundle.OnnxFile), onnx);
        }

        return directory;
    }

    [Fact]
    public void Score_is_the_mean_squared_reconstruction_error_of_the_normalised_window_per_channel_and_overall()
    {
        using var model = ModelBundleLoader.Load(WriteBundle("half", TinyOnnxModel.Scaling(T, C, 0.5f)), new OnnxScorerOptions { IntraOpThreads = 1, GraphOptimization = "Basic" });
        Assert.Equal(AutoencoderKinds.Ar, model.Descriptor.Kind);
        var normalization = new Normalization([1f, 0f], [2f, 1f]);
        float[] raw = [1, 2, 3, -2, 5, 0, -1, 4];
        var windows = new[] { Window(raw), Window([.. raw.Select(v => v * 2)]), Window(raw) };

        // Twice, so the reused buffers are exercised; batch sizes 3 then 1.
        for (var round = 0; round < 2; round++)
        {
            var scores = model.Scorer.Score(round == 0 ? windows : windows[..1]);
            for (var w = 0; w < scores.Count; w++)
            {
                var expectedChannel = new double[C];
                for (var i = 0; i < T * C; i++)
                {
                    var x = normalization.Apply(windows[w].Values[i], i % C);
                    expectedChannel[i % C] += (0.5 * x - x) * (0.5 * x - x) / T;
                }

                Assert.Equal(expectedChannel.Average(), scores[w].Score, 5);
                Assert.Equal(expectedChannel[0], scores[w].ChannelErrors[0], 4);
                Assert.Equal(expectedChannel[1], scores[w].ChannelErrors[1], 4);
            }
        }
    }

    [Fact]
    public void A_missing_model_file_is_named_with_the_bundle()
    {
        var directory = WriteBundle("nofile", onnx: null);
        var ex = Assert.Throws<ModelBundleException>(() => ModelBundleLoader.Load(directory));
        Assert.Contains("model.onnx is missing", ex.Message);
        Assert.Contains(directory, ex.Message);
    }

    [Fact]
    public void A_corrupt_model_file_is_a_clear_error()
    {
        var directory = WriteBundle("corrupt", "this is not protobuf"u8.ToArray());
        var ex = Assert.Throws<ModelBundleException>(() => ModelBundleLoader.Load(directory));
        Assert.Contains("model.onnx is not a valid ONNX model", ex.Message);
    }

    [Fact]
    public void A_model_whose_input_shape_differs_from_the_manifest_is_refused()
    {
        // The graph takes windows of 6 steps; the manifest says 4.
        var ex = Assert.Throws<ModelBundleException>(() => ModelBundleLoader.Load(WriteBundle("shape", TinyOnnxModel.Scaling(6, C, 0.5f))));
        Assert.Contains("input 'window' has shape [batch, 6, 2]", ex.Message);
        Assert.Contains("manifest says [batch, 4, 2]", ex.Message);

        // Or its channels: 3 in the graph, 2 in the manifest.
        ex = Assert.Throws<ModelBundleException>(() => ModelBundleLoader.Load(WriteBundle("channels", TinyOnnxModel.Scaling(T, 3, 0.5f))));
        Assert.Contains("[batch, 4, 3]", ex.Message);
    }

    [Fact]
    public void Windows_that_do_not_fit_the_model_are_refused_when_scored_and_channel_lists_are_checked()
    {
        using var model = ModelBundleLoader.Load(WriteBundle("fit", TinyOnnxModel.Scaling(T, C, 0.5f)));
        var wrong = new SensorWindow("s9", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, T, 1, new float[T]);
        var ex = Assert.Throws<InvalidDataException>(() => model.Scorer.Score([wrong]));
        Assert.Contains("sensor 's9' is 4×1", ex.Message);
        Assert.Contains("channels [a, b]", ex.Message);

        var bundle = ModelBundle.Read(Path.Combine(_dir, "fit"));
        var mismatch = Assert.Throws<ModelBundleException>(() => ModelBundleLoader.EnsureFits(bundle, T, ["a", "c"]));
        Assert.Contains("do not match the data's channels [a, c]", mismatch.Message);
    }

    [Fact]
    public void Unknown_graph_optimization_setting_is_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelBundleLoader.Load(WriteBundle("opt", TinyOnnxModel.Scaling(T, C, 0.5f)), new OnnxScorerOptions { GraphOptimization = "Turbo" }));
        Assert.Contains("Model:Onnx:GraphOptimization 'Turbo'", ex.Message);
    }

    [Fact]
    public void Calibrating_on_scores_from_the_onnx_scorer_gives_a_threshold_above_normal_windows()
    {
        using var model = ModelBundleLoader.Load(WriteBundle("cal", TinyOnnxModel.Scaling(T, C, 0.9f)));
        var random = new Random(1);
        var windows = Enumerable.Range(0, 50).Select(_ => Window([.. Enumerable.Range(0, T * C).Select(_ => (float)random.NextDouble())])).ToList();
        var scores = model.Scorer.Score(windows);
        var threshold = ThresholdCalibrator.FromScores(scores, 0.9);
        Assert.InRange(scores.Count(s => threshold.IsAnomalous(s.Score)), 1, 10);
        Assert.Equal(JsonValueKind.Number, JsonSerializer.SerializeToElement(threshold.Overall).ValueKind);
    }
}
