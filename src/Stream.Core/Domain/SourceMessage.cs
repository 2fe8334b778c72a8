namespace StreamAE.Core.Domain;

/// <summary>
/// The raw message a reading was parsed from, kept by sources that must forward rejected input unchanged (the Kafka
/// service dead-letters it with its original key and bytes).
/// </summary>
public sealed record SourceMessage(byte[]? Key, byte[] Value);
