namespace StreamAE.Core.Calibration;

/// <summary>How a sensor's raw window scores become the value that is compared with the alert level.</summary>
public enum CalibrationMethod
{
    /// <summary>No calibration: the raw score against the model's threshold from training (the behaviour before calibration existed).</summary>
    None,

    /// <summary>
    /// Anomaly likelihood per sensor (Ahmad et al. 2017, as in HTM): the tail probability of a short moving average of
    /// scores under the sensor's long score history, a red-zone filter and the novel-range rule; see <see cref="AnomalyLikelihood"/>.
    /// </summary>
    Likelihood,

    /// <summary>Non-parametric dynamic threshold per sensor (Hundman et al. 2018, telemanom), streamed; see <see cref="DynamicThreshold"/>.</summary>
    DynamicThreshold,
}
