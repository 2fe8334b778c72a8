using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StreamAE.Host.Configuration;
using StreamAE.Host.Running;

namespace StreamAE.Host.Commands;

/// <summary>
/// <c>run</c> (the default): the detector service. With no arguments it replays the bundled sample and exits;
/// any <c>--Section:Key=value</c> argument overrides configuration. Invalid settings exit with code 3 and one line
/// naming them (never a stack trace); see <see cref="ExitCodes"/> for the others.
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
        try
        {
            using var host = DetectorHostBuilder.Create(configArgs, output).Build();

            // Validate (and bind) every option here, before the host starts: a failure is then one line naming the setting,
            // not also the host's "failed to start" log entry with a stack trace.
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } message)
        {
            await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }

        return output.ExitCode;
    }
}
