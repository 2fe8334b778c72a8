namespace StreamAE.Host.Retraining;

/// <summary>How one model did on the held-out windows: the figures the retrain gate compares (and logs).</summary>
/// <param name="FalseAlertRate">Held-out (normal) windows scoring above the model's threshold.</param>
/// <param name="DetectionRate">Spiked copies scoring above it.</param>
/// <param name="Separation"><paramref name="DetectionRate"/> − <paramref name="FalseAlertRate"/> (1 = perfect, 0 = no better than chance).</param>
public sealed record GateFigures(string Name, string Version, string Path, int Windows, double Threshold, double MedianScore, double FalseAlertRate, double DetectionRate, double Separation);
