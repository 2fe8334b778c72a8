using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// What one run of the Kafka service shares between its poll thread, the commands it sends into the pipeline and the
/// producer's callbacks: the offset ledger, checkpoints and their committer, delivery tracking, counters.
/// </summary>
public sealed class KafkaSession(
    KafkaOptions options,
    IProducer<byte[], byte[]> producer,
    OffsetLedger ledger,
    CheckpointStore checkpoints,
    OffsetCommitter committer,
    DeliveryTracker deliveries,
    KafkaCounters counters,
    ILogger logger)
{
    public KafkaOptions Options => options;

    public OffsetLedger Ledger => ledger;

    public CheckpointStore Checkpoints => checkpoints;

    public OffsetCommitter Committer => committer;

    public DeliveryTracker Deliveries => deliveries;

    public KafkaCounters Counters => counters;

    public ILogger Logger => logger;

    /// <summary>Waits until every alert and dead letter produced so far is acknowledged; throws if one failed.</summary>
    public Task FlushDeliveriesAsync() => deliveries.WaitAllDeliveredAsync(producer, options.DeliveryTimeout);
}
