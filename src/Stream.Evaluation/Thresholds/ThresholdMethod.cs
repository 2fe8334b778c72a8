namespace StreamAE.Evaluation.Thresholds;

public enum ThresholdMethod
{
    /// <summary>A high quantile of the training scores.</summary>
    Quantile,

    /// <summary>Peaks over threshold: a generalised Pareto tail fitted to the training scores' excesses.</summary>
    Pot,
}
