using System.CommandLine;
using Microsoft.Extensions.Logging;
using StreamAE.Core.IO;
using StreamAE.Host.Training;
using StreamAE.Models.Arp;

namespace StreamAE.Host.Commands;

/// <summary><c>train</c>: fits a model on training data and writes a bundle (arp, or an ar/transformer autoencoder).</summary>
public static class TrainCommand
{
    public static Command Create(ILoggerFactory loggers)
    {
        var data = new Option<string>("--data") { Description = "Training data: a CSV file or a directory of CSV files (one sensor each).", Required = true };
        var model = new Option<string>("--model") { Description = "Model kind: arp (AR(p) baseline), ar (AR autoencoder) or transformer (Transformer autoencoder).", DefaultValueFactory = _ => "arp" };
        model.AcceptOnlyFromAmong("arp", "ar", "transformer");
        var output = new Option<string>("--out") { Description = "Bundle directory to write.", Required = true };
        var window = new Option<int>("--window") { Description = "Window length T.", DefaultValueFactory = _ => 32 };
        var hop = new Option<int>("--hop") { Description = "Hop H between windows.", DefaultValueFactory = _ => 1 };
        var order = new Option<int>("--order") { Description = "AR order p (arp).", DefaultValueFactory = _ => 8 };
        var rows = new Option<int?>("--rows") { Description = "Use only the first N rows of each file (e.g. NAB's probationary prefix)." };
        var fraction = new Option<double?>("--fraction") { Description = "Use only the first fraction of each file." };
        var validation = new Option<double>("--validation-split", "--val-split") { Description = "Fraction at the end of each series held out for early stopping and calibration (no look-ahead).", DefaultValueFactory = _ => 0.2 };
        var quantile = new Option<double>("--quantile") { Description = "Threshold quantile of held-out scores.", DefaultValueFactory = _ => 0.995 };
        var name = new Option<string?>("--name") { Description = "Model name (default: <kind>-<data name>)." };
        var network = new AutoencoderTrainOptions();

        var command = new Command("train", "Fit a model on training data and write a model bundle.")
        {
            data, model, output, window, hop, order, rows, fraction, validation, quantile, name,
        };
        network.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var logger = loggers.CreateLogger("StreamAE.Train");
            var dataPath = parse.GetValue(data)!;
            var kind = parse.GetValue(model)!;
            if (kind != "arp" && !AutoencoderTrainOptions.Available)
            {
                await Console.Error.WriteLineAsync($"train --model {kind}: the autoencoder trainer is not in this build (built with -p:WithTrainer=false). Use a full build, or train elsewhere and copy the bundle.").ConfigureAwait(false);
                return 2;
            }

            var scoredSteps = parse.GetValue(network.ScoredStepsOption);
            if (scoredSteps < 0 || (kind == "arp" && scoredSteps != 0))
            {
                await Console.Error.WriteLineAsync(scoredSteps < 0
                    ? $"train --scored-steps {scoredSteps}: must be 0 (all window steps) or a number of newest steps from 1 up."
                    : "train --scored-steps applies to the autoencoders (--model ar or transformer); the arp baseline scores the window's one-step prediction errors.").ConfigureAwait(false);
                return 2;
            }

            var series = await TrainingDataLoader.LoadAsync(dataPath, parse.GetValue(rows), parse.GetValue(fraction), BadInputPolicy.Skip, logger, cancellationToken).ConfigureAwait(false);
            if (kind != "arp")
            {
                return network.Train(parse, kind, series, dataPath, parse.GetValue(output)!, parse.GetValue(window), parse.GetValue(hop), parse.GetValue(validation), parse.GetValue(quantile), parse.GetValue(name), cancellationToken);
            }

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
