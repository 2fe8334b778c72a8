namespace StreamAE.Core.Calibration;

/// <summary>The names alerts and reports give the calibration methods.</summary>
public static class CalibrationNames
{
    public static string Of(CalibrationMethod method) => method switch
    {
        CalibrationMethod.None => "none",
        CalibrationMethod.Likelihood => "likelihood",
        CalibrationMethod.DynamicThreshold => "dynamicThreshold",
        _ => method.ToString(),
    };
}
