namespace StreamAE.Host.Benchmarks;

/// <summary>One line of the bench report: which model, what was measured, at which batch size, how fast.</summary>
public sealed record BenchRow(string Model, string Kind, string Measure, int Batch, double WindowsPerSecond, string? Note = null);
