using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.Drift;

namespace StreamAE.Host.Configuration;

/// <summary>
/// Drift:Topic, when the service reads Kafka, must not be the input, dead-letter or state topic: drift events there
/// would be read back as bad readings or checkpoints. (The ranges of the other Drift settings are checked by their attributes.)
/// </summary>
public sealed class DriftOptionsValidator(IConfiguration configuration) : IValidateOptions<DriftOptions>
{
    public ValidateOptionsResult Validate(string? name, DriftOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Topic)
            || !string.Equals(configuration[$"{SourceOptions.Section}:Type"], nameof(SourceType.Kafka), StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Success;
        }

        var kafka = configuration.GetSection(KafkaOptions.Section).Get<KafkaOptions>() ?? new KafkaOptions();
        return new[] { kafka.InputTopic, kafka.DeadLetterTopic, kafka.StateTopic }.Contains(options.Topic, StringComparer.Ordinal)
            ? ValidateOptionsResult.Fail($"Drift:Topic ({options.Topic}) must not be Kafka:InputTopic, DeadLetterTopic or StateTopic; leave it empty for the alerts topic.")
            : ValidateOptionsResult.Success;
    }
}
