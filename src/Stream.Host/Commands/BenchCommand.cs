using System.CommandLine;
using Microsoft.Extensions.Logging;
using StreamAE.Benchmarking.Pipeline;
using StreamAE.Host.Configuration;

namespace StreamAE.Host.Commands;

/// <summary>
/// <c>bench</c>: per bundle, side by side in one run, the raw limit (ONNX Runtime alone / the AR(p) scorer) and the
/// whole pipeline at each batch size, their ratio, per-window latency p50/p99, memory per tracked sensor and training
/// windows/s; printed and written to docs/benchmarks.md. <c>bench kafka</c> measures the Kafka path end to end.
/// Timings depend on the machine and its load: compare runs on the same machine.
/// </summary>
public static class BenchCommand
{
    public static readonly string[] BundledModels = ["samples/models/arp-baseline", "samples/models/ar-autoencoder", "samples/models/transformer-autoencoder"];

    public static Command Create(ILoggerFactory loggers)
    {
        var models = new Option<string[]>("--model") { Description = "Bundle directories (default: the bundled ones that exist).", AllowMultipleArgumentsPerToken = true };
        var batches = new Option<int[]>("--batch") { Description = "Batch sizes.", DefaultValueFactory = _ => [1, 32, 256], AllowMultipleArgumentsPerToken = true };
        var seconds = new Option<double>("--seconds") { Description = "Time per raw measurement (the pipeline runs are sized to about 1.5× this).", DefaultValueFactory = _ => 2 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op and TorchSharp threads.", DefaultValueFactory = _ => 1 };
        var trainBatch = new Option<int>("--train-batch") { Description = "Training batch size (autoencoders).", DefaultValueFactory = _ => 64 };
        var sensors = new Option<int>("--sensors") { Description = "Sensors interleaved in the pipeline runs.", DefaultValueFactory = _ => 100 };
        var memorySensors = new Option<int[]>("--memory-sensors") { Description = "Sensor counts for memory per sensor.", DefaultValueFactory = _ => [10_000, 100_000], AllowMultipleArgumentsPerToken = true };
        var report = new Option<string?>("--report") { Description = "Write the Markdown results page here (e.g. docs/benchmarks.md)." };
        var notes = new Option<string?>("--notes") { Description = "A hand-written Markdown file included in the report (e.g. docs/benchmarks-notes.md: the Kafka path's runs)." };
        var command = new Command("bench", "Measure the whole pipeline against the raw ONNX Runtime / scorer limit: windows/s, latency, memory per sensor, training windows/s (bench kafka: through a Kafka broker).")
        {
            models, batches, seconds, threads, trainBatch, sensors, memorySensors, report, notes, BenchKafkaCommand.Create(loggers),
        };
        command.SetAction(parse =>
        {
            var bundles = parse.GetValue(models) is { Length: > 0 } given
                ? given.Select(PathResolver.Resolve).ToArray()
                : BundledModels.Select(PathResolver.Resolve).Where(d => File.Exists(Path.Combine(d, "manifest.json"))).ToArray();
            var options = new BenchOptions
            {
                BatchSizes = parse.GetValue(batches)!,
                RawDuration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                PipelineTarget = TimeSpan.FromSeconds(1.5 * parse.GetValue(seconds)),
                Sensors = parse.GetValue(sensors),
                MemorySensors = parse.GetValue(memorySensors)!,
            };
            try
            {
                var commandLine = "dotnet run -c Release --project src/Stream.Host -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1));
                PipelineBenchRunner.Run(bundles, options, parse.GetValue(threads), parse.GetValue(trainBatch), parse.GetValue(report), commandLine, parse.GetValue(notes));
                return 0;
            }
            catch (Exception ex) when (ex is Models.Bundles.ModelBundleException or ArgumentException)
            {
                Console.Error.WriteLine($"bench: {ex.Message}");
                return 2;
            }
        });
        return command;
    }
}
