namespace StreamAE.Core.Calibration;

/// <summary>
/// The <c>Calibration</c> section: which calibration turns raw window scores into the calibrated value per sensor, and
/// the one level at which that value opens an alert episode. One set of defaults for every corpus and the service.
/// </summary>
public sealed class CalibrationOptions
{
    public const string Section = "Calibration";

    /// <summary>The defaults: <see cref="CalibrationMethod.Likelihood"/> at level 0.5.</summary>
    public static CalibrationOptions Default => new();

    /// <summary>Raw scores against the model's trained threshold (what every pipeline did before calibration).</summary>
    public static CalibrationOptions Off => new() { Method = CalibrationMethod.None };

    public CalibrationMethod Method { get; set; } = CalibrationMethod.Likelihood;

    /// <summary>
    /// A window is anomalous when its calibrated value is above this level (not used by <see cref="CalibrationMethod.None"/>,
    /// which compares the raw score with the model's threshold). 0.5 is a likelihood tail probability of 10⁻⁵, HTM's red zone.
    /// </summary>
    public double AlertLevel { get; set; } = 0.5;

    public LikelihoodOptions Likelihood { get; set; } = new();

    public DynamicThresholdOptions DynamicThreshold { get; set; } = new();

    /// <summary>Every invalid setting, each naming its key; empty when the options are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Method))
        {
            problems.Add($"{Section}:Method must be None, Likelihood or DynamicThreshold, is {Method}.");
        }

        if (!(AlertLevel > 0 && AlertLevel < 1))
        {
            problems.Add($"{Section}:AlertLevel must be between 0 and 1 (exclusive), is {AlertLevel}.");
        }

        problems.AddRange(Likelihood.Problems($"{Section}:Likelihood"));
        problems.AddRange(DynamicThreshold.Problems($"{Section}:DynamicThreshold"));
        return problems;
    }
}
