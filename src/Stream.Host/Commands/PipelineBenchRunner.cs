using System.Globalization;
using Spectre.Console;
using StreamAE.Benchmarking.Pipeline;
using StreamAE.Evaluation.Running;

namespace StreamAE.Host.Commands;

/// <summary>
/// <c>bench --pipeline</c>: for each bundle, side by side in one run, the raw limit and the whole pipeline at each batch
/// size, their ratio, per-window latency, memory per tracked sensor and training windows/s; printed and written to a
/// Markdown page (docs/benchmarks.md) with the machine's details.
/// </summary>
public static class PipelineBenchRunner
{
    public static IReadOnlyList<ModelBenchResult> Run(IReadOnlyList<string> bundles, BenchOptions options, int threads, int trainingBatch, string? reportPath, string command, string? notesPath = null)
    {
        var results = new List<ModelBenchResult>();
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var progress = new SpectreEvaluationProgress(ctx);
                foreach (var bundle in bundles)
                {
                    results.Add(BenchmarkSuite.Run(PipelineBench.For(bundle, threads, options.RawDuration, trainingBatch), options, progress));
                }
            });

        var table = new Table().Title("raw limit vs whole pipeline (windows/s)");
        table.AddColumns("model", "batch", "raw", "pipeline", "ratio", "p50", "p99");
        foreach (var r in results)
        {
            foreach (var raw in r.Raw)
            {
                var p = r.Pipeline.First(x => x.BatchSize == raw.BatchSize);
                var l = r.Latency.First(x => x.BatchSize == raw.BatchSize);
                table.AddRow(
                    Markup.Escape(r.Model),
                    raw.BatchSize.ToString(CultureInfo.InvariantCulture),
                    raw.WindowsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    p.WindowsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    r.Ratio(raw.BatchSize).ToString("F2", CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{l.LatencyP50Microseconds:F1} µs"),
                    string.Create(CultureInfo.InvariantCulture, $"{l.LatencyP99Microseconds:F1} µs"));
            }
        }

        AnsiConsole.Write(table);
        var memory = new Table().Title("memory per tracked sensor, training");
        memory.AddColumns("model", "sensors", "heap bytes/sensor", "resident bytes/sensor", "marginal resident bytes/sensor", "window bytes", "training windows/s");
        foreach (var r in results)
        {
            var marginal = MemoryProbe.MarginalResidentBytesPerSensor(r.Memory);
            foreach (var m in r.Memory)
            {
                memory.AddRow(
                    Markup.Escape(r.Model),
                    m.Sensors.ToString("N0", CultureInfo.InvariantCulture),
                    m.BytesPerSensor.ToString("N0", CultureInfo.InvariantCulture),
                    m.ResidentBytesPerSensor.ToString("N0", CultureInfo.InvariantCulture),
                    marginal?.ToString("N0", CultureInfo.InvariantCulture) ?? "",
                    m.WindowBytes.ToString("N0", CultureInfo.InvariantCulture),
                    r.Training?.WindowsPerSecond.ToString("N0", CultureInfo.InvariantCulture) ?? "");
            }
        }

        AnsiConsole.Write(memory);
        if (reportPath is not null)
        {
            var micro = Directory.Exists("BenchmarkDotNet.Artifacts/results")
                ? Directory.GetFiles("BenchmarkDotNet.Artifacts/results", "*-report-github.md").Order(StringComparer.Ordinal).ToArray()
                : [];
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(reportPath))!);
            File.WriteAllText(reportPath, BenchmarkReport.Render(results, command, Evaluator.MachineDescription() + CpuModel(), options, micro, notesPath is null ? null : File.ReadAllText(notesPath)));
            AnsiConsole.MarkupLine($"report: [bold]{Markup.Escape(reportPath)}[/]");
        }

        return results;
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            var memory = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal)) : null;
            return (line is null ? "" : ", " + line.Split(':', 2)[1].Trim()) + (memory is null ? "" : ", RAM " + string.Join(' ', memory.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        }
        catch (IOException)
        {
            return "";
        }
    }
}
