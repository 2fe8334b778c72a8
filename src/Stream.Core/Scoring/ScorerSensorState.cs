namespace StreamAE.Core.Scoring;

/// <summary>
/// A scorer's learned state for one sensor, as plain numbers (System.Text.Json serialises it for checkpoints).
/// <see cref="Kind"/> and <see cref="ModelVersion"/> say which scorer and model wrote it; the layout of
/// <see cref="Values"/> is the scorer's (see its documentation for the size bound).
/// </summary>
public sealed record ScorerSensorState(string Kind, string ModelVersion, long Updates, DateTimeOffset LastWindowEnd, double[] Values);
