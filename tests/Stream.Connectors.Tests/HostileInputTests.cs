using System.Text;
using Confluent.Kafka;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Tests;

/// <summary>Nothing a message contains makes parsing or serialising throw; what the service writes stays under the producer's limit.</summary>
public class HostileInputTests
{
    private static readonly ReadingJsonParser Parser = new(new ReadingJsonFormat());

    private static ReadingParseResult Parse(string json) => Parser.Parse(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("", SkipReason.Malformed)] // a tombstone: no value at all
    [InlineData("null", SkipReason.Malformed)]
    [InlineData("[1,2,3]", SkipReason.Malformed)]
    [InlineData("""{"sensor":"a","sensor":"b","timestamp":1,"values":[1]}""", SkipReason.Malformed)] // which sensor?
    [InlineData("""{"sensor":"\ud800","timestamp":1,"values":[1]}""", SkipReason.Malformed)] // lone surrogate escape
    [InlineData("""{"sensor":{"id":"a"},"timestamp":1,"values":[1]}""", SkipReason.Malformed)]
    [InlineData("""{"sensor":"a","timestamp":1e30,"values":[1]}""", SkipReason.BadTimestamp)]
    [InlineData("""{"sensor":"a","timestamp":"NaN","values":[1]}""", SkipReason.BadTimestamp)]
    [InlineData("""{"sensor":"a","timestamp":"+275760-09-13T00:00:00Z","values":[1]}""", SkipReason.BadTimestamp)]
    [InlineData("""{"sensor":"a","timestamp":1,"values":[1e39]}""", SkipReason.NonFiniteValue)] // finite JSON, infinite float
    [InlineData("""{"sensor":"a","timestamp":1,"values":1e400}""", SkipReason.NonFiniteValue)]
    [InlineData("""{"sensor":"a","timestamp":1,"values":["Infinity"]}""", SkipReason.NonFiniteValue)]
    [InlineData("""{"sensor":"a","timestamp":1,"values":null}""", SkipReason.Malformed)]
    [InlineData("""{"sensor":"a","timestamp":1,"values":[]}""", SkipReason.Malformed)]
    public void Hostile_json_is_a_bad_reading_with_a_reason_never_an_exception(string json, SkipReason reason)
    {
        var result = Parse(json);
        Assert.Null(result.Reading);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Invalid_utf8_a_nesting_bomb_and_a_huge_value_in_an_error_are_malformed_with_short_messages()
    {
        byte[] invalidUtf8 = [.. "{\"sensor\":"u8, (byte)'"', 0xff, 0xfe, (byte)'"', .. ",\"timestamp\":1,\"values\":[1]}"u8];
        Assert.Equal(SkipReason.Malformed, Parser.Parse(invalidUtf8).Reason);
        Assert.Equal(SkipReason.Malformed, Parse(new string('[', 100_000) + new string(']', 100_000)).Reason);
        var huge = Parse($$"""{"sensor":"a","timestamp":1,"values":[1,{"x":"{{new string('y', 500_000)}}"}]}""");
        Assert.Equal(SkipReason.Malformed, huge.Reason);
        Assert.True(huge.Error!.Length < 300, $"error of {huge.Error.Length} chars");
    }

    [Fact]
    public void Negative_zero_the_smallest_float_and_the_largest_are_valid_readings()
    {
        var reading = Parse("""{"sensor":"a","timestamp":1,"values":[-0.0, 1e-45, 3.4e38, -3.4e38]}""").Reading!;
        Assert.Equal(4, reading.Channels);
        Assert.All(reading.Values, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void An_alert_with_any_number_or_string_serialises_and_reads_back()
    {
        var alert = new Alert
        {
            Id = "abc",
            EpisodeId = "abc",
            SensorId = new string('s', 100_000) + (char)0xD800, // a lone surrogate is written as U+FFFD, not thrown on
            State = EpisodeState.Open,
            EpisodeStart = DateTimeOffset.MinValue,
            WindowStart = DateTimeOffset.MinValue,
            WindowEnd = DateTimeOffset.MaxValue,
            Score = double.NaN,
            PeakScore = double.PositiveInfinity,
            Threshold = double.MaxValue,
            AnomalousWindows = int.MaxValue,
            TopChannels = [new ChannelContribution("c\n\0", double.NegativeInfinity, double.Epsilon)],
            ModelName = "m",
            ModelVersion = "v",
            ScoreCapped = true,
        };

        var back = AlertJson.Deserialize(AlertJson.Serialize(alert))!;
        Assert.True(double.IsNaN(back.Score));
        Assert.Equal(double.PositiveInfinity, back.PeakScore);
        Assert.Equal(double.MaxValue, back.Threshold);
        Assert.Equal(double.NegativeInfinity, back.TopChannels[0].Error);
        Assert.True(back.ScoreCapped);
        Assert.Equal(100_001, back.SensorId.Length);
    }

    [Fact]
    public void An_ordinary_alert_has_no_capped_flag_in_its_json()
    {
        var json = Encoding.UTF8.GetString(AlertJson.Serialize(new Alert
        {
            Id = "a", EpisodeId = "a", SensorId = "s", State = EpisodeState.Open, EpisodeStart = default, WindowStart = default, WindowEnd = default,
            Score = 3, PeakScore = 3, Threshold = 2, AnomalousWindows = 1, TopChannels = [], ModelName = "m", ModelVersion = "v",
        }));
        Assert.DoesNotContain("scoreCapped", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dead_letter_that_fits_keeps_the_original_key_and_bytes()
    {
        var value = new byte[KafkaMessageLimits.LibrdkafkaDefaultMessageMaxBytes - KafkaMessageLimits.DeadLetterReserveBytes];
        var letter = DeadLetterPublisher.Build(Source, "pump-7"u8.ToArray(), value, SkipReason.Malformed, "not valid JSON", KafkaMessageLimits.LibrdkafkaDefaultMessageMaxBytes);
        Assert.Same(value, letter.Value);
        Assert.Equal("pump-7", Encoding.UTF8.GetString(letter.Key));
        Assert.Null(Header(letter, DeadLetterHeaders.ValueTruncatedFrom));
    }

    [Theory]
    [InlineData(1_040_000, 10)] // just over the producer's limit with its headers
    [InlineData(1_500_000, 10)]
    [InlineData(600_000, 600_000)] // a valid reading whose 600 KB sensor id is also its key
    public void A_dead_letter_that_would_not_fit_keeps_a_marked_prefix_under_the_limit(int valueBytes, int keyBytes)
    {
        const int limit = KafkaMessageLimits.LibrdkafkaDefaultMessageMaxBytes;
        var value = Enumerable.Range(0, valueBytes).Select(i => (byte)('a' + (i % 26))).ToArray();
        var key = Enumerable.Repeat((byte)'k', keyBytes).ToArray();
        var letter = DeadLetterPublisher.Build(Source, key, value, SkipReason.TooLarge, new string('e', 1_000_000), limit);

        Assert.True(KafkaMessageLimits.WireSize(letter.Key?.Length ?? 0, letter.Value.Length, letter.Headers) <= limit);
        Assert.Equal(value[..letter.Value.Length], letter.Value); // a prefix of the original
        Assert.Equal(DeadLetterPublisher.TruncatedValueBytes, letter.Value.Length);
        Assert.Equal(valueBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(letter, DeadLetterHeaders.ValueTruncatedFrom));
        Assert.Equal(keyBytes > DeadLetterPublisher.TruncatedKeyBytes ? keyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) : null, Header(letter, DeadLetterHeaders.KeyTruncatedFrom));
        Assert.True(letter.Key!.Length <= DeadLetterPublisher.TruncatedKeyBytes);
        Assert.True(Header(letter, DeadLetterHeaders.Message)!.Length <= DeadLetterPublisher.MaxErrorChars + 32);
        Assert.Equal("TooLarge", Header(letter, DeadLetterHeaders.Reason));
    }

    [Fact]
    public void Under_a_small_producer_limit_the_prefix_shrinks_to_fit()
    {
        var letter = DeadLetterPublisher.Build(Source, null, new byte[100_000], SkipReason.TooLarge, "too large", maxMessageBytes: 20_000);
        Assert.True(KafkaMessageLimits.WireSize(0, letter.Value.Length, letter.Headers) <= 20_000);
        Assert.InRange(letter.Value.Length, 10_000, 20_000);
    }

    [Theory]
    [InlineData(null, 1_000_000)]
    [InlineData("2000000", 2_000_000)]
    [InlineData("lots", null)]
    [InlineData("-5", null)]
    public void The_producer_limit_is_read_from_the_settings(string? setting, int? expected)
    {
        var options = new KafkaOptions();
        if (setting is not null)
        {
            options.Settings["message.max.bytes"] = setting;
        }

        Assert.Equal(expected, KafkaMessageLimits.MessageMaxBytes(options));
    }

    private static readonly TopicPartitionOffset Source = new("readings", 2, 41);

    private static string? Header(Message<byte[], byte[]> message, string name) =>
        message.Headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
