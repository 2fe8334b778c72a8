using System.CommandLine;
using Microsoft.Extensions.Logging;
using StreamAE.Host.Benchmarks;
using StreamAE.Host.Configuration;

namespace StreamAE.Host.Commands;

/// <summary>
/// <c>bench</c>: throughput of the bundled (or given) models — ONNX Runtime scoring windows/s at several batch sizes
/// and TorchSharp training windows/s. Timings depend on the machine and its load: compare runs on the same machine.
/// </summary>
public static class BenchCommand
{
    public static readonly string[] BundledModels = ["samples/models/arp-baseline", "samples/models/ar-autoencoder", "samples/models/transformer-autoencoder"];

    public static Command Create(ILoggerFactory loggers)
    {
        var models = new Option<string[]>("--model") { Description = "Bundle directories to measure (default: the bundled arp, ar and transformer models).", AllowMultipleArgumentsPerToken = true };
        var batches = new Option<int[]>("--batch") { Description = "Scoring batch sizes.", DefaultValueFactory = _ => [1, 32, 256], AllowMultipleArgumentsPerToken = true };
        var trainBatch = new Option<int>("--train-batch") { Description = "Training batch size.", DefaultValueFactory = _ => 64 };
        var seconds = new Option<double>("--seconds") { Description = "Time per measurement.", DefaultValueFactory = _ => 2 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op and TorchSharp threads.", DefaultValueFactory = _ => 1 };
        var command = new Command("bench", "Measure scoring and training throughput (windows/s) of the models.") { models, batches, trainBatch, seconds, threads };
        command.SetAction(parse =>
        {
            var logger = loggers.CreateLogger("StreamAE.Bench");
            var bundles = parse.GetValue(models) is { Length: > 0 } given ? given : BundledModels;
            var bench = new ModelThroughputBench(parse.GetValue(batches)!, parse.GetValue(trainBatch), TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(threads));
            Console.WriteLine($"StreamAE bench: {Environment.ProcessorCount} logical cores, {parse.GetValue(threads)} thread(s), {parse.GetValue(seconds)} s per measurement");
            try
            {
                ModelThroughputBench.Print(bundles.SelectMany(b => bench.Run(PathResolver.Resolve(b))), Console.Out);
                return 0;
            }
            catch (Exception ex) when (ex is Models.Bundles.ModelBundleException or ArgumentException)
            {
                logger.LogError("{Message}", ex.Message);
                return 2;
            }
        });
        return command;
    }
}
