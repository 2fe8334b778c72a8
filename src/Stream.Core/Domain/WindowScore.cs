namespace StreamAE.Core.Domain;

/// <summary>
/// The anomaly score of one window, plus each channel's share of it. Larger is more anomalous;
/// scores are normalised by the model so that training data scores around 1.
/// </summary>
public sealed record WindowScore(SensorWindow Window, double Score, float[] ChannelErrors);
