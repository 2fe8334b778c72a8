using Microsoft.Extensions.Options;

namespace StreamAE.Host.Configuration;

/// <summary>Checks the source settings at start, naming the setting that is wrong.</summary>
public sealed class SourceOptionsValidator : IValidateOptions<SourceOptions>
{
    public ValidateOptionsResult Validate(string? name, SourceOptions options)
    {
        var failures = new List<string>();
        if (options.Type == SourceType.File)
        {
            if (string.IsNullOrWhiteSpace(options.Path))
            {
                failures.Add("Source:Path is required when Source:Type is File.");
            }
            else if (!File.Exists(PathResolver.Resolve(options.Path)))
            {
                failures.Add($"Source:Path '{options.Path}' does not exist.");
            }
        }

        if (options.Speed < 0 || double.IsNaN(options.Speed))
        {
            failures.Add($"Source:Speed must be 0 (as fast as possible) or a positive factor, is {options.Speed}.");
        }

        if (options.LabelsPath is { } labels && !string.IsNullOrWhiteSpace(labels) && !File.Exists(PathResolver.Resolve(labels)))
        {
            failures.Add($"Source:LabelsPath '{labels}' does not exist.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
