using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests.Calibration;

/// <summary>Window scores of one sensor for calibration tests: reproducible noise, steps and spikes.</summary>
internal static class CalibrationData
{
    public static readonly ScoringModel Model = new(new MaxAbsScorer(TestData.Model(windowLength: 4)), new AnomalyThreshold(3.0));

    /// <summary>A window of 4 readings ending at <paramref name="index"/> with newest value <paramref name="newest"/> (the others 0), scored <paramref name="score"/>.</summary>
    public static WindowScore Window(string sensor, int index, double score, float newest = 0f) =>
        new(new SensorWindow(sensor, TestData.T0.AddMinutes(index - 3), TestData.T0.AddMinutes(index), 4, 1, [0f, 1f, -1f, newest]), score, [(float)score]);

    /// <summary>Scores like squared normalised residuals: |N(0,1)|², from a fixed seed.</summary>
    public static double[] Noise(int count, int seed = 7)
    {
        var random = new Random(seed);
        var scores = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            scores[i] = z * z;
        }

        return scores;
    }
}
