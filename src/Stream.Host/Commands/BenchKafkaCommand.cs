using System.CommandLine;
using Microsoft.Extensions.Logging;
using StreamAE.Benchmarking.Kafka;
using StreamAE.Benchmarking.Pipeline;
using StreamAE.Host.Configuration;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;

namespace StreamAE.Host.Commands;

/// <summary>
/// <c>bench kafka</c>: end-to-end readings/s and produce→alert latency through a Kafka-protocol broker (the in-process
/// mock cluster by default), with the bundle scoring through the service's pipeline, beside the same model's raw limit
/// measured in the same process just before.
/// </summary>
public static class BenchKafkaCommand
{
    public static Command Create(ILoggerFactory loggers)
    {
        var readings = new Option<int>("--readings") { Description = "Readings to produce.", DefaultValueFactory = _ => 50_000 };
        var rate = new Option<double>("--rate") { Description = "Target readings/s; 0 = as fast as possible (throughput).", DefaultValueFactory = _ => 0 };
        var sensors = new Option<int>("--sensors") { Description = "Distinct sensors (keys).", DefaultValueFactory = _ => 100 };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "A real cluster's bootstrap servers; default: an in-process mock cluster." };
        var model = new Option<string>("--model") { Description = "Model bundle directory (its window length and channels shape the readings).", DefaultValueFactory = _ => new ModelOptions().Path };
        var preload = new Option<bool>("--preload") { Description = "Produce every reading before the detector starts and time the consumer side only." };
        var batch = new Option<int>("--batch") { Description = "Pipeline:MaxBatchSize of the detector.", DefaultValueFactory = _ => new Core.Pipeline.PipelineOptions().MaxBatchSize };
        var seconds = new Option<double>("--raw-seconds") { Description = "Time per raw-limit measurement.", DefaultValueFactory = _ => 2 };
        var command = new Command("kafka", "Benchmark the Kafka service end to end: readings/s against the model's raw limit, and produce-to-alert latency.")
        {
            readings, rate, sensors, bootstrap, model, preload, batch, seconds,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new KafkaBenchmark.Settings(parse.GetValue(readings), parse.GetValue(rate), parse.GetValue(sensors), parse.GetValue(bootstrap), parse.GetValue(preload), MaxBatchSize: parse.GetValue(batch));
            if (settings.Readings < 1 || settings.Sensors < 1 || settings.Rate < 0 || double.IsNaN(settings.Rate) || settings.MaxBatchSize < 1)
            {
                await Console.Error.WriteLineAsync("bench kafka: --readings, --sensors and --batch must be at least 1 and --rate 0 or positive.").ConfigureAwait(false);
                return 2;
            }

            try
            {
                var directory = PathResolver.Resolve(parse.GetValue(model)!);
                var bundle = ModelBundle.Read(directory);
                var bench = PipelineBench.For(directory, threads: 1, TimeSpan.FromSeconds(parse.GetValue(seconds)), trainingBatch: 64);
                var budget = TimeSpan.FromSeconds(parse.GetValue(seconds));
                // The raw limit just before and just after the run, averaged: a shared machine's speed drifts.
                (double At32, double AtBatch) Raw() => (
                    PipelineBench.RawWindowsPerSecond(bench, 32, budget),
                    settings.MaxBatchSize == 32 ? double.NaN : PipelineBench.RawWindowsPerSecond(bench, settings.MaxBatchSize, budget));
                var before = Raw();
                var normalization = new Normalization(bundle.Manifest.Normalization.Mean, bundle.Manifest.Normalization.Std);
                using var scoring = bench.Load();
                var result = await new KafkaBenchmark(scoring, normalization, loggers).RunAsync(settings, cancellationToken).ConfigureAwait(false);
                var after = Raw();
                var rawAt32 = (before.At32 + after.At32) / 2;
                var rawAtBatch = settings.MaxBatchSize == 32 ? rawAt32 : (before.AtBatch + after.AtBatch) / 2;
                Console.WriteLine(KafkaBenchmark.Format(settings, result, rawAt32, rawAtBatch));
                return 0;
            }
            catch (Exception ex) when (ex is ModelBundleException or TimeoutException or InvalidOperationException or Connectors.Kafka.KafkaDeliveryException)
            {
                await Console.Error.WriteLineAsync($"bench kafka: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }
}
