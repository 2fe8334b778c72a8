using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Files;

/// <summary>
/// Rejects a file reading whose timestamp is not after its sensor's previous one, reporting it with file and line
/// (the pipeline would drop it too, but only the source knows the line).
/// </summary>
internal sealed class SensorOrderGuard(BadInputHandler badInput)
{
    private readonly Dictionary<string, DateTimeOffset> _last = new(StringComparer.Ordinal);

    public bool Accept(Reading reading, SourcePosition position)
    {
        if (_last.TryGetValue(reading.SensorId, out var last) && reading.Timestamp <= last)
        {
            badInput.Report(
                reading.Timestamp == last ? SkipReason.DuplicateTimestamp : SkipReason.OutOfOrder,
                position,
                $"timestamp {reading.Timestamp:O} of sensor '{reading.SensorId}' is not after the previous {last:O}");
            return false;
        }

        _last[reading.SensorId] = reading.Timestamp;
        return true;
    }
}
