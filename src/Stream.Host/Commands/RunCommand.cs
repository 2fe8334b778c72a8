using System.CommandLine;
using Microsoft.Extensions.Hosting;
using StreamAE.Host.Running;

namespace StreamAE.Host.Commands;

/// <summary>
/// <c>run</c> (the default): the detector service. With no arguments it replays the bundled sample and exits;
/// any <c>--Section:Key=value</c> argument overrides configuration.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the detector with appsettings.json, STREAMAE_ environment variables and --Section:Key=value overrides.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RunAsync([.. parse.UnmatchedTokens], cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string[] configArgs, CancellationToken cancellationToken)
    {
        var output = new RunOutput(Console.Out);
        using var host = DetectorHostBuilder.Create(configArgs, output).Build();
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"Invalid configuration: {string.Join(" ", ex.Failures)}").ConfigureAwait(false);
            return 3;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is Microsoft.Extensions.Options.OptionsValidationException))
        {
            // Several sections failed validation at once: report them all.
            var failures = ex.InnerExceptions.Cast<Microsoft.Extensions.Options.OptionsValidationException>().SelectMany(e => e.Failures);
            await Console.Error.WriteLineAsync($"Invalid configuration: {string.Join(" ", failures)}").ConfigureAwait(false);
            return 3;
        }

        return output.ExitCode;
    }
}
