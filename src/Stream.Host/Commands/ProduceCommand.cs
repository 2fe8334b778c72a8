using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using StreamAE.Connectors.Files;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.IO;
using StreamAE.Host.Configuration;
using StreamAE.Host.Running;

namespace StreamAE.Host.Commands;

/// <summary>
/// <c>produce FILE --topic T --bootstrap HOST:PORT</c>: replays a CSV or NDJSON file of readings into a Kafka topic in
/// the detector's input format (JSON, key = sensor id), optionally paced, so anyone can feed the Kafka service.
/// </summary>
public static class ProduceCommand
{
    public static Command Create(ILoggerFactory loggers)
    {
        var file = new Argument<string>("file") { Description = "CSV or NDJSON file of readings." };
        var topic = new Option<string>("--topic") { Description = "Topic to write to.", DefaultValueFactory = _ => "readings" };
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers (host:port,...).", DefaultValueFactory = _ => "localhost:9092" };
        var speed = new Option<double>("--speed") { Description = "Multiple of real time by the readings' timestamps; 0 = as fast as possible.", DefaultValueFactory = _ => 0 };
        var sensor = new Option<string?>("--sensor") { Description = "Sensor id for CSV files without a sensor column (default: the file name)." };
        var command = new Command("produce", "Replay a CSV/NDJSON file of readings into a Kafka topic (the detector's input format).") { file, topic, bootstrap, speed, sensor };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(file)!, parse.GetValue(topic)!, parse.GetValue(bootstrap)!, parse.GetValue(speed), parse.GetValue(sensor), loggers, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string file, string topic, string bootstrap, double speed, string? sensor, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"No such file: {path}").ConfigureAwait(false);
            return 2;
        }

        if (speed < 0 || double.IsNaN(speed))
        {
            await Console.Error.WriteLineAsync($"--speed must be 0 or positive, is {speed.ToString(CultureInfo.InvariantCulture)}.").ConfigureAwait(false);
            return 2;
        }

        var ingest = new IngestCounters();
        var badInput = new BadInputHandler(BadInputPolicy.Skip, ingest, loggers.CreateLogger("StreamAE.BadInput"));
        IReadingSource source = ReadingSourceFactory.DetectFormat(path) == FileFormat.Csv
            ? new CsvReadingSource(path, new CsvSourceOptions { SensorId = sensor }, badInput)
            : new NdjsonReadingSource(path, new ReadingJsonFormat(), badInput);
        if (speed > 0)
        {
            source = new PacedReadingSource(source, speed, TimeProvider.System);
        }

        var stopwatch = Stopwatch.StartNew();
        using var producer = new ReadingProducer(bootstrap, topic);
        try
        {
            await foreach (var reading in source.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                producer.Produce(reading);
            }

            await producer.FlushAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Stopped on request.").ConfigureAwait(false);
        }
        catch (KafkaDeliveryException ex)
        {
            await Console.Error.WriteLineAsync($"Cannot produce to {topic} at {bootstrap}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Produced {producer.Sent} readings from {Path.GetFileName(path)} to '{topic}' at {bootstrap} in {stopwatch.Elapsed.TotalSeconds:F1} s ({ingest.TotalSkipped} bad records skipped)."));
        return 0;
    }
}
