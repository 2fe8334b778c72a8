namespace StreamAE.Core.Domain;

/// <summary>
/// Where a reading came from: a file and line, or a Kafka topic, partition and offset.
/// Carried through windows so that errors can name the input and offsets can be committed safely.
/// </summary>
public readonly record struct SourcePosition(string Source, int Partition, long Offset)
{
    public override string ToString() => Partition < 0 ? $"{Source}:{Offset}" : $"{Source}[{Partition}]@{Offset}";
}
