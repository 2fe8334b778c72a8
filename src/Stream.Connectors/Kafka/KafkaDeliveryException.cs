namespace StreamAE.Connectors.Kafka;

/// <summary>Alerts, dead letters or checkpoints were not acknowledged: offsets must not move, so the detector stops.</summary>
public sealed class KafkaDeliveryException(string message) : Exception(message);
