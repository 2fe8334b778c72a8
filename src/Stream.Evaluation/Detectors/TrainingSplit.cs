using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Detectors;

/// <summary>Splits training rows into a fit part and a held-out end for threshold calibration (no look-ahead).</summary>
public static class TrainingSplit
{
    public static (List<TrainingSeries> Fit, List<TrainingSeries> Calibration) Split(IReadOnlyList<TrainingSeries> train, double validationFraction, int windowLength)
    {
        var fit = new List<TrainingSeries>();
        var calibration = new List<TrainingSeries>();
        foreach (var s in train)
        {
            var held = (int)(s.Length * validationFraction);
            if (held < windowLength + 1)
            {
                fit.Add(s);
                calibration.Add(s); // too short to hold out a window: calibrate on the fitted rows.
                continue;
            }

            fit.Add(s.Slice(0, s.Length - held));
            // The held-out part starts T − 1 rows early so that its first window ends on its first held-out row.
            var start = s.Length - held - (windowLength - 1);
            calibration.Add(s.Slice(start, s.Length - start));
        }

        return (fit, calibration);
    }
}
