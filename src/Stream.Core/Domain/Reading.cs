namespace StreamAE.Core.Domain;

/// <summary>One multichannel sample of one sensor. <see cref="Values"/> has one entry per channel.</summary>
public sealed record Reading(string SensorId, DateTimeOffset Timestamp, float[] Values)
{
    /// <summary>Where the reading came from (file line, Kafka offset); null for synthetic input.</summary>
    public SourcePosition? Position { get; init; }

    /// <summary>The raw message it was parsed from, when the source keeps it for dead letters (Kafka); otherwise null.</summary>
    public SourceMessage? Message { get; init; }

    public int Channels => Values.Length;
}
