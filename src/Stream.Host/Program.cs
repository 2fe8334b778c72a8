using System.CommandLine;
using Microsoft.Extensions.Logging;
using StreamAE.Host.Commands;

using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));

var root = new RootCommand("StreamAE: streaming time-series anomaly detection by autoencoder reconstruction error.")
{
    RunCommand.Create(),
    ReplayCommand.Create(),
    TrainCommand.Create(loggers),
    EvaluateCommand.Create(),
    BenchCommand.Create(loggers),
    ProduceCommand.Create(loggers),
    ExportCommand.Create(),
    RetrainCommand.Create(loggers),
};

// No sub-command: run the detector (by default on the bundled sample), passing --Section:Key=value to configuration.
root.TreatUnmatchedTokensAsErrors = false;
root.SetAction((parse, cancellationToken) => RunCommand.RunAsync([.. parse.UnmatchedTokens], cancellationToken));

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
