using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// One sensor's checkpoint in the compacted state topic, keyed by sensor: the pipeline's whole state of the sensor
/// (where its window stands in the input partition, its open episode) and how far its partition had been read, so
/// poison messages before that are not dead-lettered twice. Written only at consistent points, and offsets are
/// committed only once the checkpoints of that point are acknowledged.
/// </summary>
/// <param name="Version">Layout version; checkpoints of another version are ignored (the sensor starts afresh).</param>
/// <param name="State">The pipeline's snapshot of the sensor.</param>
/// <param name="PartitionNextOffset">Next offset of the sensor's input partition at the consistent point.</param>
public sealed record SensorCheckpoint(int Version, SensorSnapshot State, long PartitionNextOffset)
{
    public const int CurrentVersion = 2;
}
