using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.Pipeline;

namespace StreamAE.Host.Configuration;

/// <summary>
/// Checks the Kafka settings at start when Source:Type is Kafka (they are not used otherwise). Reads Source:Type from
/// the raw configuration, so a bad Source section is reported once, by its own validator. Beyond the values themselves:
/// librdkafka must accept every Kafka:Settings key and value (checked by building the clients, without connecting), and
/// Limits:MaxMessageBytes must leave a dead letter's headers room under the producer's message.max.bytes.
/// </summary>
public sealed class KafkaOptionsValidator(IConfiguration configuration) : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(configuration[$"{SourceOptions.Section}:Type"], nameof(SourceType.Kafka), StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>(options.Problems());
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add("Kafka:BootstrapServers is required when Source:Type is Kafka.");
        }

        failures.AddRange(SizeProblems(options));
        if (SettingsProblem(options) is { } settings)
        {
            failures.Add(settings);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> SizeProblems(KafkaOptions options)
    {
        if (KafkaMessageLimits.MessageMaxBytes(options) is not { } producerLimit)
        {
            yield return $"Kafka:Settings:message.max.bytes must be a positive whole number, is '{options.Settings["message.max.bytes"]}'.";
            yield break;
        }

        // An unparsable Limits value is reported by the Limits section's own binding; here only a readable one is compared.
        var text = configuration[$"{InputLimits.Section}:{nameof(InputLimits.MaxMessageBytes)}"];
        var limit = text is null ? InputLimits.DefaultMaxMessageBytes
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        var most = producerLimit - KafkaMessageLimits.DeadLetterReserveBytes;
        if (limit > most)
        {
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"Limits:MaxMessageBytes ({limit}) must be at most {most}: the producer's message.max.bytes ({producerLimit}) less {KafkaMessageLimits.DeadLetterReserveBytes} bytes for a dead letter's headers. Lower Limits:MaxMessageBytes or raise Kafka:Settings:message.max.bytes (and the topics' max.message.bytes).");
        }
    }

    /// <summary>Builds each client from its configuration, as the service will, but without brokers to contact.</summary>
    private static string? SettingsProblem(KafkaOptions options)
    {
        if (options.Settings.Count == 0)
        {
            return null;
        }

        try
        {
            var producer = KafkaClientConfigs.Producer(options);
            producer.BootstrapServers = string.Empty;
            using (new ProducerBuilder<byte[], byte[]>(producer).SetLogHandler((_, _) => { }).Build())
            {
            }

            var consumer = KafkaClientConfigs.Consumer(options);
            consumer.BootstrapServers = string.Empty;
            using (new ConsumerBuilder<byte[], byte[]>(consumer).SetLogHandler((_, _) => { }).Build())
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or KafkaException or InvalidOperationException)
        {
            return $"Kafka:Settings are not accepted by librdkafka: {ex.Message}";
        }
    }
}
