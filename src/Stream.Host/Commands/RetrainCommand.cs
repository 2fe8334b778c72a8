using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using StreamAE.Host.Retraining;
using StreamAE.Host.Training;
using StreamAE.Models.Arp;
using StreamAE.Models.Bundles;
using StreamAE.Models.Thresholds;

namespace StreamAE.Host.Commands;

/// <summary>
/// <c>retrain --data DIR --models MODEL_DIR</c>: trains a candidate (or takes <c>--candidate</c>), judges it against
/// the model in service on the same recent held-out windows, and publishes it into the watched model directory only
/// if it is no worse (<see cref="RetrainPolicy"/>); every decision goes to <c>retrain-log.jsonl</c> there.
/// Exit code 0: published; 3: refused (the served model stays); 2: unusable input.
/// </summary>
public static class RetrainCommand
{
    public const int Refused = 3;

    public static Command Create(ILoggerFactory loggers)
    {
        var data = new Option<string>("--data") { Description = "Training data: a CSV file or a directory of CSVs (e.g. from export).", Required = true };
        var models = new Option<string>("--models") { Description = "The service's watched model directory (bundles + 'current'); the decision log is written there.", Required = true };
        var holdout = new Option<string?>("--holdout") { Description = "Recent data to judge both models on (default: the last --holdout-fraction of each series of --data)." };
        var candidate = new Option<string?>("--candidate") { Description = "Judge (and maybe publish) this bundle instead of training one." };
        var kind = new Option<string?>("--model") { Description = "Candidate kind: arp, ar or transformer (default: the served model's kind)." };
        kind.AcceptOnlyFromAmong("arp", "ar", "transformer");
        var window = new Option<int>("--window") { Description = "Window length when no model is in service yet (otherwise the served model's).", DefaultValueFactory = _ => 32 };
        var order = new Option<int>("--order") { Description = "AR order p (arp).", DefaultValueFactory = _ => 8 };
        var quantile = new Option<double>("--quantile") { Description = "Threshold quantile of the candidate's held-out scores.", DefaultValueFactory = _ => ThresholdCalibrator.DefaultQuantile };
        var name = new Option<string?>("--name") { Description = "Candidate name (default: the served model's)." };
        var who = new Option<string?>("--who") { Description = "Who retrains, for the decision log (default: user@host)." };
        var policy = new RetrainPolicy();
        var holdoutFraction = new Option<double>("--holdout-fraction") { Description = "End of each series held out when no --holdout is given.", DefaultValueFactory = _ => policy.HoldoutFraction };
        var farMargin = new Option<double>("--far-margin") { Description = "How much higher the candidate's false-alert rate may be than the served model's.", DefaultValueFactory = _ => policy.FalseAlertMargin };
        var sepMargin = new Option<double>("--separation-margin") { Description = "How much lower the candidate's separation may be than the served model's.", DefaultValueFactory = _ => policy.SeparationMargin };
        var minSep = new Option<double>("--min-separation") { Description = "The separation a candidate needs whatever the served model does.", DefaultValueFactory = _ => policy.MinSeparation };
        var network = new AutoencoderTrainOptions();
        var command = new Command("retrain", "Train a candidate, judge it against the model in service on recent held-out data, publish it only if it is no worse.")
        {
            data, models, holdout, candidate, kind, window, order, quantile, name, who, holdoutFraction, farMargin, sepMargin, minSep,
        };
        network.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var logger = loggers.CreateLogger("StreamAE.Retrain");
            var request = new RetrainRequest(
                parse.GetValue(data)!,
                parse.GetValue(models)!,
                parse.GetValue(holdout),
                parse.GetValue(candidate),
                parse.GetValue(who) ?? $"{Environment.UserName}@{Environment.MachineName}",
                new RetrainPolicy
                {
                    HoldoutFraction = parse.GetValue(holdoutFraction),
                    FalseAlertMargin = parse.GetValue(farMargin),
                    SeparationMargin = parse.GetValue(sepMargin),
                    MinSeparation = parse.GetValue(minSep),
                },
                parse.GetValue(window));
            if (request.Policy.HoldoutFraction is <= 0 or >= 1 || request.WindowLength < 2)
            {
                await Console.Error.WriteLineAsync("--holdout-fraction must be between 0 and 1 (exclusive) and --window at least 2.").ConfigureAwait(false);
                return 2;
            }

            ModelBundle Train(IReadOnlyList<Models.Data.TrainingSeries> series, string outDirectory, int windowLength)
            {
                var served = ServedManifest(request.Models);
                var chosen = parse.GetValue(kind) ?? (served?.Kind switch { "ar-autoencoder" => "ar", "transformer-autoencoder" => "transformer", _ => "arp" });
                var modelName = parse.GetValue(name) ?? served?.Name ?? $"{chosen}-retrained";
                if (chosen == "arp")
                {
                    return ArpTrainer.Train(series, new ArpTrainer.Options(parse.GetValue(order), windowLength, 1, 0.2, parse.GetValue(quantile), modelName), outDirectory, request.Data);
                }

                network.Train(parse, chosen, series, request.Data, outDirectory, windowLength, 1, 0.2, parse.GetValue(quantile), modelName, cancellationToken);
                return ModelBundle.Read(outDirectory);
            }

            RetrainDecision decision;
            try
            {
                decision = await new Retrainer(Train, logger).RunAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ModelBundleException)
            {
                await Console.Error.WriteLineAsync($"retrain: {ex.Message}").ConfigureAwait(false);
                return 2;
            }

            Console.WriteLine(Describe(decision));
            return decision.Decision == "published" ? 0 : Refused;
        });
        return command;
    }

    public static string Describe(RetrainDecision d)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        var windows = d.Candidate?.Windows ?? d.InService?.Windows ?? 0;
        text.AppendLine(string.Create(inv, $"Retrain by {d.Who}: {windows} held-out window(s) of {d.HoldoutSensors} sensor(s) ({d.Holdout})"));
        text.AppendLine("              model                                        false alerts   spikes detected   separation");
        foreach (var (label, f) in new[] { ("in service", d.InService), ("candidate", d.Candidate) })
        {
            text.AppendLine(f is null
                ? $"  {label,-11} -"
                : string.Create(inv, $"  {label,-11} {f.Name + " " + f.Version,-44} {f.FalseAlertRate,12:P2}   {f.DetectionRate,15:P1}   {f.Separation,10:F3}"));
        }

        text.Append(d.Decision == "published"
            ? $"Published: 'current' now names {Path.GetFileName(d.Current)}; a service watching the directory swaps it in."
            : $"Refused, the model in service stays: {string.Join("; ", d.Reasons)}.");
        return text.ToString();
    }

    private static ModelManifest? ServedManifest(string models)
    {
        try
        {
            return ModelBundle.Read(new Serving.ModelLocation(Path.GetFullPath(models)).ResolveBundle()).Manifest;
        }
        catch (ModelBundleException)
        {
            return null;
        }
    }
}
