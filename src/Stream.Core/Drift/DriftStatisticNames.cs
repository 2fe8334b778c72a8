namespace StreamAE.Core.Drift;

/// <summary>How a drift test is named in metric tags (Prometheus style).</summary>
public static class DriftStatisticNames
{
    public static string MetricTag(this DriftStatistic statistic) => statistic switch
    {
        DriftStatistic.ScoreLevel => "score_level",
        DriftStatistic.InputRange => "input_range",
        _ => statistic.ToString(),
    };
}
