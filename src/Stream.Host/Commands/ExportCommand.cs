using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using StreamAE.Connectors.Export;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Host.Configuration;
using StreamAE.Host.Serving;
using StreamAE.Models.Bundles;

namespace StreamAE.Host.Commands;

/// <summary>
/// <c>export --topic T --from/--to TIME --out DIR</c>: a time range of the input topic into the layout <c>train</c>
/// reads, without the readings inside alert episodes (see <see cref="TopicExporter"/>). Bounded, resumable, with progress.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var topic = new Option<string>("--topic") { Description = "Input topic to read.", DefaultValueFactory = _ => "readings" };
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers (host:port,...).", DefaultValueFactory = _ => "localhost:9092" };
        var from = new Option<string>("--from") { Description = "First reading time to export (ISO 8601, UTC unless an offset is given).", Required = true };
        var to = new Option<string>("--to") { Description = "End of the range (exclusive).", Required = true };
        var sensors = new Option<string[]>("--sensors") { Description = "Only these sensors (space- or comma-separated); default all.", AllowMultipleArgumentsPerToken = true };
        var alerts = new Option<string>("--alerts-topic") { Description = "Topic of the service's alerts, whose episodes are left out; empty = keep every reading.", DefaultValueFactory = _ => "alerts" };
        var model = new Option<string?>("--model") { Description = "Model bundle, or directory of bundles with a 'current' pointer, whose channel names (and order) the CSVs get." };
        var channels = new Option<string[]>("--channels") { Description = "Channel names instead of --model (default: 'value' for one channel).", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Directory for the CSVs and the resume state.", Required = true };
        var maxReadings = new Option<long>("--max-readings") { Description = "Stop after this many readings are kept.", DefaultValueFactory = _ => 1_000_000 };
        var minRows = new Option<int>("--min-rows") { Description = "Drop stretches (between left-out episodes) with fewer readings than this.", DefaultValueFactory = _ => 64 };
        var restart = new Option<bool>("--restart") { Description = "Discard an earlier, unfinished or finished, export in --out and start over." };
        var group = new Option<string>("--group") { Description = "Consumer group prefix (nothing is committed).", DefaultValueFactory = _ => "streamae" };
        var settings = new Option<string[]>("--setting") { Description = "Extra librdkafka setting key=value (security, tuning); repeatable." };
        var command = new Command("export", "Export a time range of the input topic as training data, without the readings inside alert episodes.")
        {
            topic, bootstrap, from, to, sensors, alerts, model, channels, output, maxReadings, minRows, restart, group, settings,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var problems = new List<string>();
            var start = ParseTime(parse.GetValue(from)!, "--from", problems);
            var end = ParseTime(parse.GetValue(to)!, "--to", problems);
            if (problems.Count == 0 && end <= start)
            {
                problems.Add($"--to ({end:O}) must be after --from ({start:O}).");
            }

            if (parse.GetValue(maxReadings) < 1 || parse.GetValue(minRows) < 1)
            {
                problems.Add("--max-readings and --min-rows must be at least 1.");
            }

            var kafka = new KafkaOptions { BootstrapServers = parse.GetValue(bootstrap)!, GroupId = parse.GetValue(group)! };
            foreach (var setting in parse.GetValue(settings) ?? [])
            {
                var split = setting.IndexOf('=', StringComparison.Ordinal);
                if (split <= 0)
                {
                    problems.Add($"--setting '{setting}' is not key=value.");
                    continue;
                }

                kafka.Settings[setting[..split]] = setting[(split + 1)..];
            }

            var names = ChannelNames(parse.GetValue(model), parse.GetValue(channels), problems);
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, problems)).ConfigureAwait(false);
                return 2;
            }

            var sensorList = (parse.GetValue(sensors) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
            var request = new ExportRequest
            {
                Kafka = kafka,
                Topic = parse.GetValue(topic)!,
                AlertsTopic = parse.GetValue(alerts),
                From = start,
                To = end,
                Sensors = sensorList.Count > 0 ? sensorList : null,
                ChannelNames = names!,
                OutDirectory = Path.GetFullPath(parse.GetValue(output)!),
                MaxReadings = parse.GetValue(maxReadings),
                MinRows = parse.GetValue(minRows),
            };
            return Run(request, parse.GetValue(restart), cancellationToken);
        });
        return command;
    }

    private static int Run(ExportRequest request, bool restart, CancellationToken cancellationToken)
    {
        ExportResult result;
        try
        {
            result = ExportProgressDisplay.Run(progress => new TopicExporter(request, progress).Run(restart, cancellationToken), Console.Out);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"Export stopped on request; what was read is kept. Run the same command again to resume ({Path.Combine(request.OutDirectory, ExportState.FileName)}).");
            return 130;
        }
        catch (Exception ex) when (ex is KafkaException or InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Export failed: {ex.Message}. What was read is kept; the same command resumes.");
            return ex is KafkaException ? 1 : 2;
        }

        Console.WriteLine(Describe(request, result));
        return 0;
    }

    public static string Describe(ExportRequest request, ExportResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var skipped = r.SkippedTotal == 0 ? "none" : string.Join(", ", r.Skipped.Select(kv => string.Create(inv, $"{kv.Key} {kv.Value}")));
        return string.Create(inv, $"""
            Exported {r.Kept} reading(s) of {r.Sensors} sensor(s) into {r.Files} file(s) in {request.OutDirectory}{(r.Resumed ? " (resumed)" : string.Empty)}{(r.LimitReached ? $" (stopped at --max-readings {request.MaxReadings})" : string.Empty)}
            messages   {r.Messages} read from '{request.Topic}', {r.OutOfRange} outside {request.From:O} .. {request.To:O}, {r.OtherSensors} of other sensors
            episodes   {r.InEpisodes} reading(s) inside {r.Episodes - r.EpisodesKeptForDrift} alert episode(s) left out; {r.EpisodesKeptForDrift} episode(s) kept (their model had reported drift on the sensor)
            short      {r.DroppedShortRows} reading(s) in stretches under --min-rows {request.MinRows} dropped
            skipped    {skipped}
            """);
    }

    private static DateTimeOffset ParseTime(string text, string option, List<string> problems)
    {
        if (TimestampParser.TryParse(text, NumericTimestampUnit.Milliseconds, out var time))
        {
            return time;
        }

        problems.Add($"{option} '{text}' is not a time (ISO 8601, e.g. 2024-05-01T00:00:00Z).");
        return default;
    }

    private static IReadOnlyList<string>? ChannelNames(string? model, string[]? channels, List<string> problems)
    {
        if (model is not null)
        {
            try
            {
                return ModelBundle.Read(new ModelLocation(PathResolver.Resolve(model)).ResolveBundle()).Manifest.Channels;
            }
            catch (ModelBundleException ex)
            {
                problems.Add($"--model: {ex.Message}");
                return null;
            }
        }

        var names = (channels ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        return names.Length > 0 ? names : ["value"];
    }
}
