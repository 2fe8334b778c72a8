using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using StreamAE.Evaluation.Detectors;
using StreamAE.Evaluation.Nab;
using StreamAE.Evaluation.Running;
using StreamAE.Evaluation.Thresholds;

namespace StreamAE.Host.Commands;

/// <summary><c>evaluate</c>: runs detectors causally over NAB and NASA MSL and writes the scores, plots and a Markdown report.</summary>
public static class EvaluateCommand
{
    /// <summary>The built-in arp/zscore/random, plus the autoencoders where the trainer is in the build.</summary>
    public static DetectorRegistry CreateRegistry()
    {
        var registry = DetectorRegistry.CreateDefault();
#if WITH_TRAINER
        registry.Add(new Detectors.AutoencoderDetector("ar-ae", Models.Autoencoders.AutoencoderKinds.Ar));
        registry.Add(new Detectors.AutoencoderDetector("transformer-ae", Models.Autoencoders.AutoencoderKinds.Transformer));
#endif
        return registry;
    }

    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "nab, msl or all.", DefaultValueFactory = _ => "all" };
        dataset.AcceptOnlyFromAmong("nab", "msl", "all");
        var dataRoot = new Option<string>("--data-root") { Description = "Folder holding nab/ and nasa-msl/.", DefaultValueFactory = _ => DataRoot.Default };
        var detectors = new Option<string[]>("--detectors")
        {
            Description = "Detector specs: arp, online-arp, zscore, random, ar-ae, transformer-ae, with modifiers name/raw (no calibration), /dt (dynamic threshold), /norange, /log, /pot, /q0.999, /ewma0.3, /w64, /p16, /last4 (autoencoders: score the last 4 window steps).",
            DefaultValueFactory = _ => ["arp", "zscore", "random"],
            AllowMultipleArgumentsPerToken = true,
        };
        var window = new Option<int>("--window") { Description = "Window length T (arp, random, models).", DefaultValueFactory = _ => 32 };
        var order = new Option<int>("--order") { Description = "AR order p.", DefaultValueFactory = _ => 8 };
        var zWindow = new Option<int>("--zscore-window") { Description = "Rolling z-score window.", DefaultValueFactory = _ => 64 };
        var quantile = new Option<double>("--quantile") { Description = "Threshold quantile of training scores.", DefaultValueFactory = _ => 0.995 };
        var threshold = new Option<string>("--threshold") { Description = "quantile or pot.", DefaultValueFactory = _ => "quantile" };
        threshold.AcceptOnlyFromAmong("quantile", "pot");
        var smooth = new Option<double>("--smooth") { Description = "EWMA α of window scores (1 = none).", DefaultValueFactory = _ => 1.0 };
        var cooldown = new Option<int>("--cooldown") { Description = "NAB: normal windows that close an alert episode.", DefaultValueFactory = _ => 16 };
        var mslCooldowns = new Option<int[]>("--msl-cooldowns") { Description = "MSL: cool-downs to report (first = strict).", DefaultValueFactory = _ => [16, 256], AllowMultipleArgumentsPerToken = true };
        var noRaw = new Option<bool>("--no-raw") { Description = "Do not also report each calibrated detector's run judged without calibration (<spec>/raw)." };
        var telemetryOnly = new Option<bool>("--msl-telemetry-only") { Description = "MSL: model only the telemetry channel." };
        var files = new Option<string[]>("--files") { Description = "NAB files whose key contains one of these.", AllowMultipleArgumentsPerToken = true };
        var channels = new Option<string[]>("--channels") { Description = "MSL channels whose name contains one of these.", AllowMultipleArgumentsPerToken = true };
        var maxFiles = new Option<int?>("--max-files") { Description = "At most N NAB files and N MSL channels." };
        var output = new Option<string>("--out") { Description = "Folder for results.json.", DefaultValueFactory = _ => "artifacts/eval" };
        var report = new Option<string?>("--report") { Description = "Markdown report to write (plots go to results/ beside it), e.g. docs/results.md." };
        var notes = new Option<string?>("--notes") { Description = "A Markdown file of observations to include in the report." };
        var nabResults = new Option<string?>("--nab-results") { Description = "Also write NAB's results layout here, for NAB's own scorer." };
        var parallel = new Option<int>("--parallel") { Description = "Files scored in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("evaluate", "Score detectors causally on NAB (NAB score) and NASA MSL (event-wise F1, PR-AUC, delay).")
        {
            dataset, dataRoot, detectors, window, order, zWindow, quantile, threshold, smooth, cooldown, mslCooldowns, telemetryOnly, noRaw,
            files, channels, maxFiles, output, report, notes, nabResults, parallel,
        };
        command.SetAction(parse =>
        {
            try
            {
                var which = parse.GetValue(dataset)!;
                var options = new EvaluationOptions
                {
                    DataRoot = DataRoot.Resolve(parse.GetValue(dataRoot)),
                    Nab = which is "nab" or "all",
                    Msl = which is "msl" or "all",
                    Detectors = parse.GetValue(detectors)!,
                    Settings = new DetectorSettings
                    {
                        WindowLength = parse.GetValue(window),
                        Order = parse.GetValue(order),
                        ZScoreWindow = parse.GetValue(zWindow),
                        Quantile = parse.GetValue(quantile),
                        Threshold = parse.GetValue(threshold) == "pot" ? ThresholdMethod.Pot : ThresholdMethod.Quantile,
                        SmoothingAlpha = parse.GetValue(smooth),
                    },
                    CooldownWindows = parse.GetValue(cooldown),
                    MslCooldowns = parse.GetValue(mslCooldowns)!,
                    MslTelemetryOnly = parse.GetValue(telemetryOnly),
                    ReportUncalibrated = !parse.GetValue(noRaw),
                    NabFilters = parse.GetValue(files) ?? [],
                    MslFilters = parse.GetValue(channels) ?? [],
                    MaxFiles = parse.GetValue(maxFiles),
                    OutDirectory = parse.GetValue(output)!,
                    ReportPath = parse.GetValue(report),
                    NabResultsDirectory = parse.GetValue(nabResults),
                    NotesPath = parse.GetValue(notes),
                    Parallelism = Math.Max(1, parse.GetValue(parallel)),
                    Command = "dotnet run -c Release --project src/Stream.Host -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                };

                var evaluator = new Evaluator(CreateRegistry());
                var summary = AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(ctx => evaluator.Run(options, new SpectreEvaluationProgress(ctx)));
                Print(summary);
                AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"results: [bold]{Markup.Escape(Path.Combine(options.OutDirectory, "results.json"))}[/]{(options.ReportPath is { } r ? ", report: " + Markup.Escape(r) : "")}");
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"evaluate: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    private static void Print(StreamAE.Evaluation.Reports.EvaluationSummary summary)
    {
        if (summary.Nab.Count > 0)
        {
            var table = new Table().Title("NAB (deployable: no labels; published: NAB's corpus threshold on calibrated scores)");
            table.AddColumns("detector", "standard", "low FP", "low FN", "detected", "FPs", "published std", "low FP", "low FN", "time");
            foreach (var d in summary.Nab)
            {
                var s = d.Profile(NabProfile.Standard);
                table.AddRow(
                    Markup.Escape(d.Detector),
                    F1(s.Score),
                    F1(d.Profile(NabProfile.RewardLowFalsePositives).Score),
                    F1(d.Profile(NabProfile.RewardLowFalseNegatives).Score),
                    $"{s.DetectedWindows}/{s.Windows}",
                    s.FalsePositives.ToString(CultureInfo.InvariantCulture),
                    F1(s.PublishedScore),
                    F1(d.Profile(NabProfile.RewardLowFalsePositives).PublishedScore),
                    F1(d.Profile(NabProfile.RewardLowFalseNegatives).PublishedScore),
                    $"{d.Seconds:F1}s".ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
        }

        if (summary.Msl.Count > 0)
        {
            var table = new Table().Title("NASA MSL (thresholds from the training split)");
            table.AddColumn("detector");
            foreach (var c in summary.MslCooldowns)
            {
                table.AddColumn($"event F1 (cd {c})");
            }

            table.AddColumns("P / R (strict)", "point F1", "PR-AUC", "delay", "time");
            foreach (var d in summary.Msl)
            {
                var cells = new List<string> { Markup.Escape(d.Detector) };
                cells.AddRange(d.Cooldowns.Select(c => c.Events.F1.ToString("F3", CultureInfo.InvariantCulture)));
                var strict = d.Cooldowns[0];
                cells.Add(string.Create(CultureInfo.InvariantCulture, $"{strict.Events.Precision:F2} / {strict.Events.Recall:F2}"));
                cells.Add(d.Points.F1.ToString("F3", CultureInfo.InvariantCulture));
                cells.Add(d.PrAuc.ToString("F3", CultureInfo.InvariantCulture));
                cells.Add(strict.MeanDelayRows.ToString("F0", CultureInfo.InvariantCulture));
                cells.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Seconds:F1}s"));
                table.AddRow([.. cells]);
            }

            AnsiConsole.Write(table);
        }
    }

    private static string F1(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
