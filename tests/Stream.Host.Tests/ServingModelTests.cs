using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StreamAE.Core.Domain;
using StreamAE.Core.Health;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;
using StreamAE.Host.Configuration;
using StreamAE.Host.Health;
using StreamAE.Host.Serving;
using StreamAE.Models.Bundles;

namespace StreamAE.Host.Tests;

/// <summary>Validation and swapping of deployed bundles, driven by hand (no watcher, no host).</summary>
public sealed class ServingModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-serve-").FullName;
    private readonly StreamAeMetrics _metrics = new();

    public void Dispose()
    {
        _metrics.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private ServingModel Serving(string path) => new(
        Options.Create(new ModelOptions { Path = path, SmokeWindows = 8 }),
        Options.Create(new WindowingOptions { WindowLength = TestData.WindowLength }),
        _metrics,
        NullLogger<ServingModel>.Instance);

    private static RecentWindows RecentRealWindows()
    {
        var values = TestData.Series(64, seed: 9);
        var recent = new RecentWindows(16);
        for (var end = TestData.WindowLength; end <= values.Length; end += 4)
        {
            recent.Add(new SensorWindow("s", TestData.T0, TestData.T0.AddSeconds(end), TestData.WindowLength, 1, values[(end - TestData.WindowLength)..end]));
        }

        return recent;
    }

    [Fact]
    public void A_new_bundle_is_swapped_in_and_a_bad_one_is_rejected_once_while_the_old_keeps_serving()
    {
        var v1 = TestData.TrainBundle(Path.Combine(_dir, "v1"), seed: 1);
        var v2 = TestData.TrainBundle(Path.Combine(_dir, "v2"), seed: 2);
        TestData.Deploy(_dir, "v1");
        var serving = Serving(_dir);
        using var slot = serving.Load();
        serving.UseRecentWindows(RecentRealWindows());
        Assert.Equal(v1.Manifest.Version, serving.InService!.Version);
        Assert.Equal(ReloadOutcome.Unchanged, serving.TryReload());

        TestData.Deploy(_dir, "v2");
        Assert.Equal(ReloadOutcome.Swapped, serving.TryReload());
        Assert.Equal(v2.Manifest.Version, slot.Current.Descriptor.Version);

        Directory.CreateDirectory(Path.Combine(_dir, "broken"));
        File.WriteAllText(Path.Combine(_dir, "broken", "manifest.json"), "{ this is not json");
        TestData.Deploy(_dir, "broken");
        Assert.Equal(ReloadOutcome.Rejected, serving.TryReload());
        Assert.Equal(ReloadOutcome.Unchanged, serving.TryReload()); // the same bad bundle is not re-counted at every poll
        Assert.Equal(1, serving.Rejections);
        Assert.Equal(v2.Manifest.Version, serving.InService!.Version);

        TestData.Deploy(_dir, "v1");
        Assert.Equal(ReloadOutcome.Swapped, serving.TryReload());
        Assert.Equal(2, serving.Reloads);
        Assert.Equal(2, slot.Swaps);
    }

    [Fact]
    public void The_bundled_onnx_autoencoders_hot_swap_in_for_ar_p_and_a_corrupt_onnx_file_is_rejected()
    {
        // The three bundled models share T = 32 and the channel "value", so each can replace the other in service.
        foreach (var name in new[] { "arp-baseline", "ar-autoencoder", "transformer-autoencoder" })
        {
            CopyDirectory(Path.Combine(AppContext.BaseDirectory, "samples/models", name), Path.Combine(_dir, name));
        }

        CopyDirectory(Path.Combine(_dir, "ar-autoencoder"), Path.Combine(_dir, "ae-corrupt"));
        File.WriteAllBytes(Path.Combine(_dir, "ae-corrupt", "model.onnx"), [0x08, 0x07, 0xFF, 0x00, 0x42]);
        var windows = TemperatureWindows();
        TestData.Deploy(_dir, "arp-baseline");
        var serving = new ServingModel(
            Options.Create(new ModelOptions { Path = _dir, SmokeWindows = 8 }),
            Options.Create(new WindowingOptions { WindowLength = 32 }),
            _metrics,
            NullLogger<ServingModel>.Instance);
        using var slot = serving.Load();
        var recent = new RecentWindows(16);
        foreach (var w in windows)
        {
            recent.Add(w);
        }

        serving.UseRecentWindows(recent);
        foreach (var kind in new[] { "ar-autoencoder", "transformer-autoencoder" })
        {
            TestData.Deploy(_dir, kind);
            Assert.Equal(ReloadOutcome.Swapped, serving.TryReload());
            Assert.Equal(kind, slot.Current.Descriptor.Kind);
            using var lease = slot.Acquire();
            var scores = lease.Model.Scorer.Score(windows);
            Assert.All(scores, s => Assert.True(double.IsFinite(s.Score) && s.Score >= 0, $"{kind} scored {s.Score}"));
        }

        TestData.Deploy(_dir, "ae-corrupt");
        Assert.Equal(ReloadOutcome.Rejected, serving.TryReload());
        Assert.Equal("transformer-autoencoder", serving.InService!.Kind);
        Assert.Equal(1, serving.Rejections);
    }

    /// <summary>Windows of the sample's first readings (a machine temperature around 80–90).</summary>
    private static List<SensorWindow> TemperatureWindows()
    {
        var values = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "samples/data/nab/machine_temperature_system_failure.csv"))
            .Skip(1).Take(64).Select(l => float.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return [.. Enumerable.Range(0, 8).Select(i => new SensorWindow("machine", TestData.T0, TestData.T0.AddMinutes(5 * (i * 4 + 31)), 32, 1, values[(i * 4)..(i * 4 + 32)]))];
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    [Fact]
    public void Bundles_with_another_channel_list_window_length_or_non_finite_scores_are_rejected_naming_the_problem()
    {
        TestData.TrainBundle(Path.Combine(_dir, "v1"), seed: 1);
        TestData.Deploy(_dir, "v1");
        var serving = Serving(_dir);
        using var slot = serving.Load();
        var recent = RecentRealWindows();

        var manifestPath = Path.Combine(_dir, "v1", ModelBundle.ManifestFile);
        var manifest = File.ReadAllText(manifestPath);

        string Variant(string name, Func<string, string> edit)
        {
            Directory.CreateDirectory(Path.Combine(_dir, name));
            File.WriteAllText(Path.Combine(_dir, name, ModelBundle.ManifestFile), edit(manifest));
            return Path.Combine(_dir, name);
        }

        var renamed = Variant("renamed", m => m.Replace("\"value\"", "\"pressure\"", StringComparison.Ordinal));
        var ex = Assert.Throws<ModelBundleException>(() => BundleValidator.Validate(renamed, TestData.WindowLength, ["value"], recent.Snapshot(), 8));
        Assert.Contains("channels [pressure] do not match", ex.Message);

        ex = Assert.Throws<ModelBundleException>(() => BundleValidator.Validate(Path.Combine(_dir, "v1"), 32, ["value"], recent.Snapshot(), 8));
        Assert.Contains("Pipeline:WindowLength", ex.Message);

        // Coefficients that blow up: the manifest is valid, only the smoke inference on real windows catches it.
        var poisoned = Variant("poisoned", m => System.Text.RegularExpressions.Regex.Replace(m, "\"residualVariance\": \\[\\s*[-0-9.eE]+", "\"residualVariance\": [ \"NaN\""));
        ex = Assert.Throws<ModelBundleException>(() => BundleValidator.Validate(poisoned, TestData.WindowLength, ["value"], recent.Snapshot(), 8));
        Assert.Contains("non-finite scores for 8 of 8 recent window(s)", ex.Message);
    }

    [Fact]
    public void Recent_windows_of_extreme_readings_do_not_make_every_new_bundle_fail_its_smoke_test()
    {
        // A hostile 3e38 reading overflows any model; it stays among the recent windows for a while. A sound bundle must
        // still go into service (those windows say nothing about it), and a broken one must still be refused.
        var v1 = TestData.TrainBundle(Path.Combine(_dir, "v1"), seed: 1);
        var recent = RecentRealWindows();
        var extreme = new float[TestData.WindowLength];
        Array.Fill(extreme, 50f);
        extreme[^1] = float.MaxValue;
        for (var i = 0; i < 16; i++)
        {
            recent.Add(new SensorWindow("hostile", TestData.T0, TestData.T0.AddSeconds(i), TestData.WindowLength, 1, extreme));
        }

        using (var validated = BundleValidator.Validate(v1.Directory, TestData.WindowLength, ["value"], recent.Snapshot(), 8).Model)
        {
            Assert.True(validated.Scorer.Score([recent.Snapshot()[^1]]).Single().Score > 1e30); // the raw model does overflow on them
        }

        var poisoned = Path.Combine(_dir, "poisoned");
        Directory.CreateDirectory(poisoned);
        File.WriteAllText(
            Path.Combine(poisoned, ModelBundle.ManifestFile),
            System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Combine(v1.Directory, ModelBundle.ManifestFile)), "\"residualVariance\": \\[\\s*[-0-9.eE]+", "\"residualVariance\": [ \"NaN\""));
        var ex = Assert.Throws<ModelBundleException>(() => BundleValidator.Validate(poisoned, TestData.WindowLength, ["value"], recent.Snapshot(), 8));
        Assert.Contains("non-finite scores", ex.Message);
    }

    [Fact]
    public void A_model_location_without_a_manifest_or_current_file_is_refused_naming_the_setting()
    {
        var location = new ModelLocation(_dir);
        var ex = Assert.Throws<ModelBundleException>(location.ResolveBundle);
        Assert.Contains("Model:Path", ex.Message);
        File.WriteAllText(Path.Combine(_dir, "current"), "  \n");
        ex = Assert.Throws<ModelBundleException>(location.ResolveBundle);
        Assert.Contains("'current' is empty", ex.Message);
    }

    [Fact]
    public async Task Readiness_needs_a_loaded_model_and_a_consuming_source_and_names_drifting_sensors_without_failing()
    {
        TestData.TrainBundle(Path.Combine(_dir, "v1"), seed: 1);
        var serving = Serving(Path.Combine(_dir, "v1"));
        var source = new SourceStatus();
        var drift = new StreamAE.Core.Drift.DriftStatus();
        var check = new DetectorReadinessCheck(serving, source, drift, Options.Create(new HealthOptions()));
        var result = await check.CheckHealthAsync(new(), TestContext.Current.CancellationToken);
        Assert.Equal("no model loaded", result.Description);
        using var slot = serving.Load();
        result = await check.CheckHealthAsync(new(), TestContext.Current.CancellationToken);
        Assert.Contains("source not consuming", result.Description);
        source.MarkConsuming("reading x.csv");
        result = await check.CheckHealthAsync(new(), TestContext.Current.CancellationToken);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, result.Status);
        Assert.EndsWith("drift: none", result.Description);

        drift.Report(new("pump-1", StreamAE.Core.Drift.DriftStatistic.InputRange, "v1", TestData.T0));
        result = await check.CheckHealthAsync(new(), TestContext.Current.CancellationToken);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, result.Status); // a detail, not a reason to stop serving
        Assert.Contains("drift: 1 sensor(s): pump-1 input_range since 2024-01-01 00:00:00 (model v1)", result.Description);
    }
}
