using System.CommandLine;
using Microsoft.Extensions.Logging;
using StreamAE.Core.IO;
using StreamAE.Models.Arp;
using StreamAE.Host.Training;

namespace StreamAE.Host.Commands;

/// <summary><c>train</c>: fits a model on training data and writes a bundle.</summary>
public static class TrainCommand
{
    public static Command Create(ILoggerFactory loggers)
    {
        var data = new Option<string>("--data") { Description = "Training data: a CSV file or a directory of CSV files (one sensor each).", Required = true };
        var model = new Option<string>("--model") { Description = "Model kind: arp (the AR(p) baseline).", DefaultValueFactory = _ => "arp" };
        model.AcceptOnlyFromAmong("arp");
        var output = new Option<string>("--out") { Description = "Bundle directory to write.", Required = true };
        var window = new Option<int>("--window") { Description = "Window length T.", DefaultValueFactory = _ => 32 };
        var hop = new Option<int>("--hop") { Description = "Hop H between windows.", DefaultValueFactory = _ => 1 };
        var order = new Option<int>("--order") { Description = "AR order p (arp).", DefaultValueFactory = _ => 8 };
        var rows = new Option<int?>("--rows") { Description = "Use only the first N rows of each file (e.g. NAB's probationary prefix)." };
        var fraction = new Option<double?>("--fraction") { Description = "Use only the first fraction of each file." };
        var validation = new Option<double>("--validation-split") { Description = "Fraction at the end of each series held out for calibration.", DefaultValueFactory = _ => 0.2 };
        var quantile = new Option<double>("--quantile") { Description = "Threshold quantile of held-out scores.", DefaultValueFactory = _ => 0.995 };
        var name = new Option<string?>("--name") { Description = "Model name (default: <kind>-<data name>)." };

        var command = new Command("train", "Fit a model on training data and write a model bundle.")
        {
            data, model, output, window, hop, order, rows, fraction, validation, quantile, name,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var logger = loggers.CreateLogger("StreamAE.Train");
            var dataPath = parse.GetValue(data)!;
            var series = await TrainingDataLoader.LoadAsync(dataPath, parse.GetValue(rows), parse.GetValue(fraction), BadInputPolicy.Skip, logger, cancellationToken).ConfigureAwait(false);
            var options = new ArpTrainer.Options(
                parse.GetValue(order),
                parse.GetValue(window),
                parse.GetValue(hop),
                parse.GetValue(validation),
                parse.GetValue(quantile),
                parse.GetValue(name) ?? $"arp-{Path.GetFileNameWithoutExtension(dataPath.TrimEnd('/'))}");
            var bundle = ArpTrainer.Train(series, options, parse.GetValue(output)!, dataPath);
            var m = bundle.Manifest;
            Console.WriteLine($"Wrote {m.Kind} bundle {m.Name} {m.Version} to {bundle.Directory}: {m.Training.Rows} rows, threshold {m.Threshold.Overall:F3} ({m.Threshold.Method}).");
            return 0;
        });
        return command;
    }
}
