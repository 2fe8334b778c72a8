using Confluent.Kafka;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// What the poll thread hands the detection loop, in order: messages (parsed there, off the detection thread) and
/// partition changes, so that a revoke is handled only after every earlier message of those partitions.
/// </summary>
public abstract record KafkaInbound;

/// <summary>A message: its reading, or why it is poison (then its original bytes go to the dead-letter topic).</summary>
public sealed record InboundMessage(TopicPartitionOffset Source, byte[]? Key, byte[] Value, Reading? Reading, SkipReason Problem, string? Error, long ReceivedTicks) : KafkaInbound;

public sealed record PartitionsAssigned(IReadOnlyList<TopicPartition> Partitions) : KafkaInbound;

/// <summary>Partitions handed back in a rebalance: finish, commit, forget; <see cref="Done"/> releases the poll thread.</summary>
public sealed record PartitionsRevoked(IReadOnlyList<TopicPartition> Partitions, TaskCompletionSource Done) : KafkaInbound;

/// <summary>Partitions taken away (session lost): forget without committing; the new owner replays.</summary>
public sealed record PartitionsLost(IReadOnlyList<TopicPartition> Partitions) : KafkaInbound;
