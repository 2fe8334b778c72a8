using System.Globalization;
using Confluent.Kafka;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// The producer's size limit and how close a message comes to it. librdkafka refuses, before sending, any message whose
/// key, value and headers plus record overhead exceed <c>message.max.bytes</c> (default 1,000,000); a refused alert, dead
/// letter or checkpoint would fail the next commit. Everything the service produces is kept under it.
/// </summary>
public static class KafkaMessageLimits
{
    /// <summary>librdkafka's default <c>message.max.bytes</c>.</summary>
    public const int LibrdkafkaDefaultMessageMaxBytes = 1_000_000;

    /// <summary>Room kept beside a message's payload for the record and batch framing (librdkafka counts some of it).</summary>
    public const int RecordOverheadBytes = 512;

    /// <summary>
    /// Room <see cref="Core.Pipeline.InputLimits.MaxMessageBytes"/> must leave under <c>message.max.bytes</c>, so that any
    /// accepted message can be dead-lettered whole with its headers and a key of reasonable size.
    /// </summary>
    public const int DeadLetterReserveBytes = 16 * 1024;

    /// <summary>The producer's <c>message.max.bytes</c>: Kafka:Settings' value, or librdkafka's default; null when the setting is not a number.</summary>
    public static int? MessageMaxBytes(KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Settings.TryGetValue("message.max.bytes", out var text))
        {
            return LibrdkafkaDefaultMessageMaxBytes;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
    }

    /// <summary>An upper estimate of a message's size as librdkafka measures it against <c>message.max.bytes</c>.</summary>
    public static int WireSize(int keyBytes, int valueBytes, Headers? headers)
    {
        long size = RecordOverheadBytes + (long)keyBytes + valueBytes;
        if (headers is not null)
        {
            foreach (var header in headers)
            {
                size += 10 + header.Key.Length + (header.GetValueBytes()?.Length ?? 0);
            }
        }

        return (int)Math.Min(int.MaxValue, size);
    }
}
