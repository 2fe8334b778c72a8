using System.Text.Json.Nodes;
using StreamAE.Core.Domain;
using StreamAE.Models.Arp;
using StreamAE.Models.Bundles;

namespace StreamAE.Models.Tests;

public sealed class ModelBundleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-bundle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ModelBundle TrainSmall(string name = "b") =>
        ArpTrainer.Train([Synthetic.ArProcess([0.6], 2000)], new ArpTrainer.Options(Order: 3, WindowLength: 16, Quantile: 0.99), Path.Combine(_dir, name), "synthetic");

    [Fact]
    public void A_trained_bundle_round_trips_and_scores_like_the_fitted_model()
    {
        var written = TrainSmall();
        var read = ModelBundle.Read(written.Directory);
        Assert.Equal(ArpBundle.Kind, read.Manifest.Kind);
        Assert.Equal(16, read.Manifest.WindowLength);
        Assert.Equal(["value"], read.Manifest.Channels);
        Assert.StartsWith("sha256:", read.Manifest.Training.DataFingerprint);
        Assert.Equal(2000, read.Manifest.Training.Rows);
        Assert.NotNull(read.Manifest.Training.ValidationScores);

        using var model = ModelBundleLoader.Load(read);
        Assert.Equal(read.Manifest.Version, model.Descriptor.Version);
        Assert.Equal(read.Manifest.Threshold.Overall, model.Threshold.Overall);
        var windows = Synthetic.ArProcess([0.6], 2000, seed: 99).Windows(16, 16).ToList();
        var scores = model.Scorer.Score(windows);
        Assert.Equal(windows.Count, scores.Count);
        // Fresh data from the same process: only a few windows above a 0.99 threshold.
        Assert.InRange(scores.Count(s => model.Threshold.IsAnomalous(s.Score)), 0, windows.Count / 10);
    }

    [Fact]
    public void A_missing_directory_or_manifest_is_named()
    {
        var missing = Path.Combine(_dir, "nope");
        Assert.Contains("directory not found", Assert.Throws<ModelBundleException>(() => ModelBundle.Read(missing)).Message);
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        var ex = Assert.Throws<ModelBundleException>(() => ModelBundle.Read(empty));
        Assert.Contains("manifest.json is missing", ex.Message);
        Assert.Contains(empty, ex.Message);
    }

    [Fact]
    public void A_corrupt_manifest_is_a_clear_error()
    {
        var bundle = TrainSmall();
        File.WriteAllText(bundle.PathOf(ModelBundle.ManifestFile), "{ not json");
        Assert.Contains("not a valid manifest", Assert.Throws<ModelBundleException>(() => ModelBundle.Read(bundle.Directory)).Message);
    }

    [Theory]
    [InlineData("schemaVersion", "99", "schemaVersion 99 is not supported")]
    [InlineData("kind", "\"mystery\"", "unknown model kind 'mystery'")]
    [InlineData("windowLength", "1", "windowLength must be at least 2")]
    public void Manifest_fields_that_cannot_work_are_named(string field, string value, string expected)
    {
        var bundle = TrainSmall();
        var path = bundle.PathOf(ModelBundle.ManifestFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json[field] = JsonNode.Parse(value);
        File.WriteAllText(path, json.ToJsonString());
        var ex = Assert.Throws<ModelBundleException>(() => ModelBundleLoader.Load(bundle.Directory));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Coefficients_that_do_not_fit_the_channels_are_refused()
    {
        var bundle = TrainSmall();
        var path = bundle.PathOf(ModelBundle.ManifestFile);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["parameters"]!["coefficients"] = JsonNode.Parse("[[0.1, 0.2]]");
        File.WriteAllText(path, json.ToJsonString());
        Assert.Contains("coefficients", Assert.Throws<ModelBundleException>(() => ModelBundleLoader.Load(bundle.Directory)).Message);
    }

    [Fact]
    public void A_bundle_that_does_not_fit_the_data_says_what_differs()
    {
        var bundle = TrainSmall();
        var ex = Assert.Throws<ModelBundleException>(() => ModelBundleLoader.EnsureFits(bundle, 32, null));
        Assert.Contains("windowLength is 16 but the pipeline is configured for 32", ex.Message);
        ex = Assert.Throws<ModelBundleException>(() => ModelBundleLoader.EnsureFits(bundle, 16, ["temp", "rpm"]));
        Assert.Contains("[value] do not match the data's channels [temp, rpm]", ex.Message);
        ModelBundleLoader.EnsureFits(bundle, 16, ["value"]);
    }

    [Fact]
    public void The_bundled_sample_model_loads_and_fits_the_bundled_series()
    {
        var root = FindRepoRoot();
        var bundle = ModelBundle.Read(Path.Combine(root, "samples", "models", "arp-baseline"));
        ModelBundleLoader.EnsureFits(bundle, 32, ["value"]);
        using var model = ModelBundleLoader.Load(bundle);
        Assert.Equal(new ModelDescriptor(bundle.Manifest.Name, bundle.Manifest.Version, "arp", 32, ["value"]).Kind, model.Descriptor.Kind);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StreamAE.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
