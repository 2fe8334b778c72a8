namespace StreamAE.Evaluation.Reports;

public sealed record NabFileSummary(string File, int Rows, int Windows, int DetectedWindows, int FalsePositives, double StandardRawScore, double Threshold);
