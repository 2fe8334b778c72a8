using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StreamAE.Connectors.Kafka;

namespace StreamAE.Host.Configuration;

/// <summary>
/// Checks the Kafka settings at start when Source:Type is Kafka (they are not used otherwise). Reads Source:Type from
/// the raw configuration, so a bad Source section is reported once, by its own validator.
/// </summary>
public sealed class KafkaOptionsValidator(IConfiguration configuration) : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        if (!string.Equals(configuration[$"{SourceOptions.Section}:Type"], nameof(SourceType.Kafka), StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>(options.Problems());
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add("Kafka:BootstrapServers is required when Source:Type is Kafka.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
