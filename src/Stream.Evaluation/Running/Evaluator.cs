using System.Runtime.InteropServices;
using StreamAE.Evaluation.Detectors;
using StreamAE.Evaluation.Msl;
using StreamAE.Evaluation.Nab;
using StreamAE.Evaluation.Plots;
using StreamAE.Evaluation.Reports;

namespace StreamAE.Evaluation.Running;

/// <summary>Runs every requested detector over NAB and MSL and writes results.json, plots, the Markdown report and the NAB results layout.</summary>
public sealed class Evaluator(DetectorRegistry registry)
{
    public EvaluationSummary Run(EvaluationOptions options, IEvaluationProgress? progress = null)
    {
        var specs = options.Detectors.Select(d => DetectorSpec.Parse(d, registry, options.Settings)).ToArray();
        if (specs.Length == 0)
        {
            throw new ArgumentException("No detectors to evaluate.", nameof(options));
        }

        var nab = options.Nab ? NabCorpus.Load(Path.Combine(options.DataRoot, "nab"), options.NabFilters, options.MaxFiles) : [];
        var msl = options.Msl ? MslDataset.Load(Path.Combine(options.DataRoot, "nasa-msl"), options.MslTelemetryOnly, options.MslFilters, options.MaxFiles) : [];
        if (options.Nab && nab.Count == 0 && options.Msl && msl.Count == 0)
        {
            throw new ArgumentException("The filters select no NAB file and no MSL channel.", nameof(options));
        }

        var plotDirectory = options.ReportPath is { } report
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(report))!, "results")
            : Path.Combine(options.OutDirectory, "plots");
        var relativeBase = options.ReportPath is { } r2 ? Path.GetDirectoryName(Path.GetFullPath(r2))! : options.OutDirectory;
        var plots = new List<(string Caption, string Path)>();
        var nabSummaries = new List<NabSummary>();
        var rawReported = new HashSet<(string, DetectorSettings)>();
        var mslSummaries = new List<MslSummary>();

        foreach (var spec in specs)
        {
            // The run judged without calibration, once per detector and training settings (arp and arp/dt share it).
            var reportRaw = options.ReportUncalibrated && spec.Settings.Calibration.Method != Core.Calibration.CalibrationMethod.None
                && rawReported.Add((spec.Detector.Name, spec.Settings with { Calibration = UncalibratedKey }));
            NabDetectorResult? nabResult = null;
            MslDetectorResult? mslResult = null;
            if (nab.Count > 0)
            {
                var task = $"NAB  {spec.Name}";
                progress?.Start(task, nab.Count);
                nabResult = NabEvaluation.Run(spec.Detector, nab, spec.Settings, options.CooldownWindows, _ => progress?.Advance(task), options.Parallelism);
                nabSummaries.Add(NabSummary.From(spec.Name, nabResult));
                if (reportRaw)
                {
                    var raw = NabEvaluation.Uncalibrated(nabResult, options.CooldownWindows);
                    nabSummaries.Add(NabSummary.From(spec.Name + "/raw", raw));
                }
                if (options.NabResultsDirectory is { } resultsRoot)
                {
                    foreach (var f in nabResult.Files)
                    {
                        NabResultsWriter.Write(resultsRoot, "streamae_" + spec.FileName, f.Series, f.Run.OpenRows.ToArray());
                        if (f.Run.Calibrated)
                        {
                            NabResultsWriter.WriteScores(resultsRoot, "streamae_" + spec.FileName + "_calibrated", f.Series, f.Run.Scores);
                        }
                    }
                }

                foreach (var f in nabResult.Files.Where(f => options.PlotNab.Any(p => f.Series.Key.Contains(p, StringComparison.OrdinalIgnoreCase))))
                {
                    var path = Path.Combine(plotDirectory, $"nab_{spec.FileName}_{f.Series.Name}.png");
                    SeriesPlot.Save(path, $"{spec.Name} on NAB {f.Series.Key}", f.Series.Values, 1, f.Run, f.Series.Windows.Select(w => (w.Start, w.End)));
                    plots.Add(($"{spec.Name}: NAB {f.Series.Key}", Relative(relativeBase, path)));
                }
            }

            if (msl.Count > 0)
            {
                var task = $"MSL  {spec.Name}";
                progress?.Start(task, msl.Count);
                mslResult = MslEvaluation.Run(spec.Detector, msl, spec.Settings, options.MslCooldowns, _ => progress?.Advance(task), options.Parallelism);
                mslSummaries.Add(MslSummary.From(spec.Name, mslResult));
                if (reportRaw)
                {
                    var raw = MslEvaluation.Uncalibrated(mslResult);
                    mslSummaries.Add(MslSummary.From(spec.Name + "/raw", raw));
                }
                foreach (var c in mslResult.Channels.Where(c => options.PlotMsl.Any(p => string.Equals(c.Channel.Name, p, StringComparison.OrdinalIgnoreCase))))
                {
                    var path = Path.Combine(plotDirectory, $"msl_{spec.FileName}_{c.Channel.Name}.png");
                    SeriesPlot.Save(path, $"{spec.Name} on MSL {c.Channel.Name} (test split)", c.Channel.Test.Values, c.Channel.Test.Channels, c.Run, c.Channel.Anomalies.Select(a => (a.Start, a.End)));
                    plots.Add(($"{spec.Name}: MSL {c.Channel.Name}", Relative(relativeBase, path)));
                }
            }

            var bars = new List<(string, double)>();
            if (nabResult is not null)
            {
                bars.Add(("NAB standard", nabResult.Profile(NabProfile.Standard).Score));
                bars.AddRange(nabResult.StandardByCategory.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)));
            }

            if (mslResult is not null)
            {
                bars.Add(("MSL event F1 x100", 100 * mslResult.Cooldowns[0].Events.F1));
            }

            var summaryPath = Path.Combine(plotDirectory, $"summary_{spec.FileName}.png");
            SummaryChart.Save(summaryPath, $"{spec.Name}: NAB standard score by category, MSL event F1", "score", bars);
            plots.Insert(plots.Count(p => p.Caption.StartsWith("summary", StringComparison.Ordinal)), ($"summary: {spec.Name}", Relative(relativeBase, summaryPath)));
        }

        var summary = new EvaluationSummary(
            options.Command,
            DateTimeOffset.UtcNow,
            MachineDescription(),
            options.CooldownWindows,
            options.MslCooldowns,
            nabSummaries,
            mslSummaries);
        summary.WriteJson(Path.Combine(options.OutDirectory, "results.json"));
        if (options.ReportPath is { } reportPath)
        {
            File.WriteAllText(reportPath, MarkdownReport.Render(summary, plots, options.NotesPath is { } notes ? File.ReadAllText(notes) : null));
        }

        return summary;
    }

    /// <summary>One shared instance, so settings that differ only in calibration compare equal.</summary>
    private static readonly Core.Calibration.CalibrationOptions UncalibratedKey = Core.Calibration.CalibrationOptions.Off;

    public static string MachineDescription() =>
        $"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}";

    private static string Relative(string baseDirectory, string path) => Path.GetRelativePath(baseDirectory, path).Replace('\\', '/');
}
