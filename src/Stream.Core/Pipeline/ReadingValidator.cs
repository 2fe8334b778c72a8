using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// The input checks every reading passes before it is windowed, whatever its source (file or Kafka): the one place
/// that decides whether a parsed reading is acceptable. A rejected reading is reported as bad input with its reason.
/// </summary>
public sealed class ReadingValidator(InputLimits limits)
{
    public InputLimits Limits => limits;

    /// <summary>Null when the reading may be windowed for a model of <paramref name="modelChannels"/> channels; else why not.</summary>
    public (SkipReason Reason, string Detail)? Check(Reading reading, int modelChannels)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.Channels > limits.MaxChannels)
        {
            return (SkipReason.TooLarge, $"sensor '{reading.SensorId}' sent {reading.Channels} channels; Limits:MaxChannels is {limits.MaxChannels}");
        }

        if (reading.Channels != modelChannels)
        {
            return (SkipReason.WrongColumnCount, $"sensor '{reading.SensorId}' sent {reading.Channels} channel(s); the model expects {modelChannels}");
        }

        return null;
    }
}
