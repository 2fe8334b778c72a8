using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StreamAE.Connectors.Kafka;
using StreamAE.Host.Configuration;

namespace StreamAE.Host.Running.Kafka;

/// <summary>Chooses the Kafka service when Source:Type is Kafka, binding and validating the "Kafka" section.</summary>
public static class KafkaHostRegistration
{
    /// <summary>Registers the Kafka detector and returns true when Source:Type is Kafka; otherwise does nothing.</summary>
    public static bool TryAddKafkaDetector(this IServiceCollection services, IConfiguration configuration)
    {
        var type = configuration[$"{SourceOptions.Section}:{nameof(SourceOptions.Type)}"];
        if (!string.Equals(type, nameof(SourceType.Kafka), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        services.AddOptions<KafkaOptions>().Bind(configuration.GetSection(KafkaOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Problems().Count == 0, "Kafka settings are inconsistent (see Kafka:PauseAt/ResumeAt/ChannelCapacity and the four topic names).")
            .ValidateOnStart();
        services.AddHostedService<KafkaDetectorService>();
        return true;
    }
}
