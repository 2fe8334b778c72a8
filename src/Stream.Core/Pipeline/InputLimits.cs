using System.ComponentModel.DataAnnotations;

namespace StreamAE.Core.Pipeline;

/// <summary>Section "Limits": bounds against runaway input, so a misbehaving producer cannot exhaust memory.</summary>
public sealed class InputLimits
{
    public const string Section = "Limits";

    /// <summary>Most sensors whose windows are tracked at once; a new sensor beyond this evicts the least recently seen one.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Limits:MaxSensors must be between {1} and {2}.")]
    public int MaxSensors { get; set; } = 100_000;

    /// <summary>Most channels a reading may carry; larger readings are skipped as TooLarge.</summary>
    [Range(1, 65_536, ErrorMessage = "Limits:MaxChannels must be between {1} and {2}.")]
    public int MaxChannels { get; set; } = 1_024;

    /// <summary>Largest accepted message (a JSON line or a Kafka message value), in bytes; larger ones are skipped as TooLarge.</summary>
    [Range(64, 64 * 1024 * 1024, ErrorMessage = "Limits:MaxMessageBytes must be between {1} and {2}.")]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;
}
