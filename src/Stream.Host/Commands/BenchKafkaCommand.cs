using System.CommandLine;
using Microsoft.Extensions.Logging;
using StreamAE.Core.Pipeline;
using StreamAE.Host.Configuration;
using StreamAE.Host.Running.Kafka;
using StreamAE.Models.Bundles;

namespace StreamAE.Host.Commands;

/// <summary>
/// <c>bench kafka</c>: end-to-end readings/s and produce→alert latency through a Kafka-protocol broker (the in-process
/// mock cluster by default), with the configured model bundle scoring.
/// </summary>
public static class BenchKafkaCommand
{
    public static Command Create(ILoggerFactory loggers)
    {
        var readings = new Option<int>("--readings") { Description = "Readings to produce.", DefaultValueFactory = _ => 50_000 };
        var rate = new Option<double>("--rate") { Description = "Target readings/s; 0 = as fast as possible (throughput).", DefaultValueFactory = _ => 0 };
        var sensors = new Option<int>("--sensors") { Description = "Distinct sensors (keys).", DefaultValueFactory = _ => 100 };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "A real cluster's bootstrap servers; default: an in-process mock cluster." };
        var model = new Option<string>("--model") { Description = "Model bundle directory.", DefaultValueFactory = _ => new ModelOptions().Path };
        var command = new Command("kafka", "Benchmark the Kafka detector end to end: readings/s and produce-to-alert latency.") { readings, rate, sensors, bootstrap, model };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new KafkaBenchmark.Settings(parse.GetValue(readings), parse.GetValue(rate), parse.GetValue(sensors), parse.GetValue(bootstrap));
            if (settings.Readings < 1 || settings.Sensors < 1 || settings.Rate < 0 || double.IsNaN(settings.Rate))
            {
                await Console.Error.WriteLineAsync("--readings and --sensors must be at least 1 and --rate 0 or positive.").ConfigureAwait(false);
                return 2;
            }

            var bundle = ModelBundle.Read(PathResolver.Resolve(parse.GetValue(model)!));
            var windowing = new WindowingOptions { WindowLength = bundle.Manifest.WindowLength };
            using var scoring = ModelBundleLoader.Load(bundle);
            var benchmark = new KafkaBenchmark(scoring, windowing, loggers);
            var result = await benchmark.RunAsync(settings, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(KafkaBenchmark.Format(settings, result));
            return 0;
        });
        return command;
    }
}
