using System.CommandLine;
using Microsoft.Extensions.Logging;
using StreamAE.Host.Commands;

using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));

var run = RunCommand.Create();
var root = new RootCommand("StreamAE: streaming time-series anomaly detection by autoencoder reconstruction error.")
{
    run,
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

// The detector host handles SIGTERM/SIGINT itself (drain, flush, commit within its own shutdown timeout); System.CommandLine's
// handler would end the process 2 s after the signal, cutting that short. The other commands keep it: Ctrl+C cancels them.
var parsed = root.Parse(args);
var command = parsed.CommandResult.Command;
var invocation = command == root || command == run ? new InvocationConfiguration { ProcessTerminationTimeout = null } : new InvocationConfiguration();
return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
