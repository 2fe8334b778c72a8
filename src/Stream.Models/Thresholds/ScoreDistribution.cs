namespace StreamAE.Models.Thresholds;

/// <summary>A summary of scores on held-out normal data, stored in the manifest to judge a model at a glance.</summary>
public sealed record ScoreDistribution(int Count, double Mean, double P50, double P90, double P99, double Max)
{
    public static ScoreDistribution Of(IReadOnlyCollection<double> scores)
    {
        if (scores.Count == 0)
        {
            return new ScoreDistribution(0, 0, 0, 0, 0, 0);
        }

        var values = scores.ToArray();
        return new ScoreDistribution(
            values.Length,
            values.Average(),
            ThresholdCalibrator.Quantile(values, 0.5),
            ThresholdCalibrator.Quantile(values, 0.9),
            ThresholdCalibrator.Quantile(values, 0.99),
            values.Max());
    }
}
