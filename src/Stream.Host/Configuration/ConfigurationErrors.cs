using Microsoft.Extensions.Options;

namespace StreamAE.Host.Configuration;

/// <summary>
/// Turns what the host throws for bad settings into the one line the run command prints before exiting with code 3:
/// validation failures (every one of them), and values the configuration binder cannot convert (e.g.
/// <c>--Pipeline:WindowLength=abc</c>), whose message names the setting. Anything else is not a configuration error.
/// </summary>
public static class ConfigurationErrors
{
    /// <summary>"Invalid configuration: …" for a configuration error, else null.</summary>
    public static string? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var failures = Failures(exception);
        return failures is null ? null : $"Invalid configuration: {string.Join(" ", failures)}";
    }

    private static List<string>? Failures(Exception exception)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                return [.. validation.Failures];
            case AggregateException aggregate:
                var all = new List<string>();
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Failures(inner) is not { } some)
                    {
                        return null;
                    }

                    all.AddRange(some);
                }

                return all.Count > 0 ? all : null;
            case InvalidOperationException when IsBinderError(exception):
                // "Failed to convert configuration value 'abc' at 'Pipeline:WindowLength' to type 'System.Int32'."
                return [exception.Message];
            default:
                return null;
        }
    }

    private static bool IsBinderError(Exception exception) =>
        string.Equals(exception.Source, "Microsoft.Extensions.Configuration.Binder", StringComparison.Ordinal)
        || (exception.StackTrace?.Contains("Microsoft.Extensions.Configuration.ConfigurationBinder", StringComparison.Ordinal) ?? false);
}
