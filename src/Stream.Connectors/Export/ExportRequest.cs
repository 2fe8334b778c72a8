using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Export;

/// <summary>
/// What <c>streamae export</c> reads: readings of <see cref="Topic"/> whose own timestamp is in [<see cref="From"/>,
/// <see cref="To"/>), optionally of some sensors only, leaving out readings inside the alert episodes found on
/// <see cref="AlertsTopic"/>, written as training CSVs (one per sensor and stretch between episodes) to <see cref="OutDirectory"/>.
/// </summary>
public sealed record ExportRequest
{
    public required KafkaOptions Kafka { get; init; }

    public required string Topic { get; init; }

    /// <summary>Where alert episodes (and drift events) are read from; null or empty: keep every reading.</summary>
    public string? AlertsTopic { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>Only these sensors; null = all.</summary>
    public IReadOnlySet<string>? Sensors { get; init; }

    /// <summary>Channel names, in order (the model's): the CSV header, and how many values a reading must have.</summary>
    public required IReadOnlyList<string> ChannelNames { get; init; }

    public required string OutDirectory { get; init; }

    /// <summary>Stop after this many readings are kept (the export is then complete, at its limit).</summary>
    public long MaxReadings { get; init; } = 1_000_000;

    /// <summary>Stretches with fewer readings than this (too short to train on) are dropped at the end.</summary>
    public int MinRows { get; init; } = 64;

    public ReadingJsonFormat Format { get; init; } = new();

    public InputLimits Limits { get; init; } = new();

    /// <summary>Messages between two checkpoints of the CSVs and the resume state.</summary>
    public int CheckpointEvery { get; init; } = 10_000;

    /// <summary>Longest time without any message while partitions still have data to deliver.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The part of the request a resumed export must share with the one it continues.</summary>
    public string Identity() =>
        string.Join(
            "|",
            Topic,
            AlertsTopic ?? string.Empty,
            From.UtcTicks,
            To.UtcTicks,
            Sensors is null ? "*" : string.Join(",", Sensors.Order(StringComparer.Ordinal)),
            string.Join(",", ChannelNames));
}
