using System.Text.Json;
using StreamAE.Evaluation.Detectors;
using StreamAE.Evaluation.Running;

namespace StreamAE.Evaluation.Tests;

public sealed class EvaluatorTests
{
    [Fact]
    public void Tiny_NAB_and_MSL_run_end_to_end_and_write_json_report_plots_and_NAB_layout()
    {
        var root = TinyData.Temp("data");
        // NAB: one tiny file with a spike inside its labelled window.
        var nabRoot = TinyData.NabCorpus(TinyData.Sine(1200, spikeRow: 900, sensor: "tiny"), "realTest", (880, 940));
        Directory.Move(nabRoot, Path.Combine(root, "nab"));
        // MSL: one channel with two columns, an anomaly in the test split.
        var msl = Path.Combine(root, "nasa-msl");
        Directory.CreateDirectory(Path.Combine(msl, "train"));
        Directory.CreateDirectory(Path.Combine(msl, "test"));
        WriteMsl(Path.Combine(msl, "train", "X-1.csv"), TinyData.Sine(500, seed: 4));
        WriteMsl(Path.Combine(msl, "test", "X-1.csv"), TinyData.Sine(400, spikeRow: 300, seed: 5));
        File.WriteAllText(Path.Combine(msl, "labels.json"), "{\"X-1\": {\"anomaly_sequences\": [[295, 310]], \"class\": \"[point]\", \"num_values\": 400}}");

        var output = TinyData.Temp("out");
        var report = Path.Combine(output, "docs", "results.md");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        var summary = new Evaluator(DetectorRegistry.CreateDefault()).Run(new EvaluationOptions
        {
            DataRoot = root,
            Detectors = ["arp", "zscore/pot"],
            Settings = new DetectorSettings { WindowLength = 16, Order = 4, ZScoreWindow = 16 },
            OutDirectory = output,
            ReportPath = report,
            NabResultsDirectory = Path.Combine(output, "nab-results"),
            PlotNab = ["tiny"],
            PlotMsl = ["X-1"],
            Parallelism = 1,
            Command = "streamae evaluate (test)",
        });

        // Each calibrated detector also reports the same run judged without calibration.
        Assert.Equal(["arp", "arp/raw", "zscore/pot", "zscore/pot/raw"], summary.Nab.Select(n => n.Detector));
        Assert.Equal(["arp", "arp/raw", "zscore/pot", "zscore/pot/raw"], summary.Msl.Select(n => n.Detector));
        var arp = summary.Nab[0];
        Assert.Equal(1, arp.Profiles[0].DetectedWindows);
        Assert.False(double.IsNaN(arp.Profiles[0].PublishedScore)); // calibrated: NAB's published protocol applies
        Assert.True(double.IsNaN(summary.Nab[1].Profiles[0].PublishedScore)); // raw scores: it does not
        var calibrated = File.ReadAllLines(Path.Combine(output, "nab-results", "streamae_arp_calibrated", "realTest", "streamae_arp_calibrated_tiny.csv"));
        Assert.Equal(1201, calibrated.Length);
        var values = calibrated.Skip(1).Select(l => double.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0, 1));
        Assert.Equal(1.0, values[900], 9); // the spike: far beyond the seen range
        Assert.Equal(1, summary.Msl[0].Cooldowns[0].Events.TruePositives);
        Assert.True(File.Exists(Path.Combine(output, "nab-results", "streamae_arp", "realTest", "streamae_arp_tiny.csv")));
        Assert.True(File.Exists(Path.Combine(output, "nab-results", "streamae_zscore_pot", "realTest", "streamae_zscore_pot_tiny.csv")));
        Assert.True(new FileInfo(Path.Combine(output, "docs", "results", "nab_arp_tiny.png")).Length > 1000);
        Assert.True(File.Exists(Path.Combine(output, "docs", "results", "msl_arp_X-1.png")));
        Assert.True(File.Exists(Path.Combine(output, "docs", "results", "summary_zscore_pot.png")));
        var markdown = File.ReadAllText(report);
        Assert.Contains("streamae evaluate (test)", markdown, StringComparison.Ordinal);
        Assert.Contains("](results/nab_arp_tiny.png)", markdown, StringComparison.Ordinal);
        Assert.Contains("published standard", markdown, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        Assert.Equal(4, json.RootElement.GetProperty("nab").GetArrayLength());
    }

    [Fact]
    public void Unknown_detector_or_modifier_is_a_clear_error()
    {
        var registry = DetectorRegistry.CreateDefault();
        Assert.Contains("Known:", Assert.Throws<ArgumentException>(() => DetectorSpec.Parse("lstm", registry, new())).Message, StringComparison.Ordinal);
        Assert.Contains("unknown modifier", Assert.Throws<ArgumentException>(() => DetectorSpec.Parse("arp/fancy", registry, new())).Message, StringComparison.Ordinal);
        Assert.Contains("needs a number", Assert.Throws<ArgumentException>(() => DetectorSpec.Parse("arp/ewma7", registry, new())).Message, StringComparison.Ordinal);
        Assert.Equal(Core.Calibration.CalibrationMethod.None, DetectorSpec.Parse("arp/raw", registry, new()).Settings.Calibration.Method);
        Assert.Equal(Core.Calibration.CalibrationMethod.DynamicThreshold, DetectorSpec.Parse("arp/dt", registry, new()).Settings.Calibration.Method);
        Assert.Equal(0, DetectorSpec.Parse("arp/norange", registry, new()).Settings.Calibration.Likelihood.RangeTolerance);
        Assert.Equal(0.05, new DetectorSettings().Calibration.Likelihood.RangeTolerance); // the modifier changed a copy
        var spec = DetectorSpec.Parse("arp/pot/ewma0.3/w64/p4", registry, new());
        Assert.Equal("arp/pot/ewma0.3/w64/p4", spec.Name);
        Assert.Equal((64, 4, 0.3, Thresholds.ThresholdMethod.Pot), (spec.Settings.WindowLength, spec.Settings.Order, spec.Settings.SmoothingAlpha, spec.Settings.Threshold));
    }

    private static void WriteMsl(string path, Models.Data.TrainingSeries series)
    {
        var lines = new List<string> { "t,telemetry,cmd1" };
        for (var i = 0; i < series.Length; i++)
        {
            lines.Add(FormattableString.Invariant($"{i},{series.Values[i]},{(i % 100 == 0 ? 1 : 0)}"));
        }

        File.WriteAllLines(path, lines);
    }
}
