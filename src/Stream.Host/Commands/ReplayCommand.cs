using System.CommandLine;

namespace StreamAE.Host.Commands;

/// <summary><c>replay FILE</c>: the detector on a CSV/NDJSON file, optionally paced at a multiple of real time.</summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "CSV or NDJSON file of readings." };
        var speed = new Option<double>("--speed") { Description = "Multiple of real time by the readings' timestamps; 0 = as fast as possible.", DefaultValueFactory = _ => 0 };
        var model = new Option<string?>("--model") { Description = "Model bundle directory (default: Model:Path)." };
        var labels = new Option<string?>("--labels") { Description = "Labelled windows (NAB combined_windows.json layout) to report which were caught." };
        var jsonl = new Option<string?>("--alerts") { Description = "Also append alerts as JSON lines to this file." };
        var plot = new Option<string?>("--plot") { Description = "Write one PNG per sensor to this directory: signal, window score, threshold, alert episodes, labelled windows." };
        var command = new Command("replay", "Replay a file of readings through the detector.") { file, speed, model, labels, jsonl, plot };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) =>
        {
            var args = new List<string>
            {
                $"--Source:Path={Path.GetFullPath(parse.GetValue(file)!)}",
                $"--Source:Speed={parse.GetValue(speed).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                $"--Source:LabelsPath={(parse.GetValue(labels) is { } l ? Path.GetFullPath(l) : string.Empty)}",
            };
            if (parse.GetValue(model) is { } m)
            {
                args.Add($"--Model:Path={Path.GetFullPath(m)}");
            }

            if (parse.GetValue(jsonl) is { } j)
            {
                args.Add($"--Sinks:JsonlPath={Path.GetFullPath(j)}");
            }

            if (parse.GetValue(plot) is { } p)
            {
                args.Add($"--Sinks:PlotDirectory={Path.GetFullPath(p)}");
            }

            args.AddRange(parse.UnmatchedTokens);
            return RunCommand.RunAsync([.. args], cancellationToken);
        });
        return command;
    }
}
