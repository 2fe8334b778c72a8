using StreamAE.Models.Data;

namespace StreamAE.Models.Tests;

internal static class Synthetic
{
    public static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>y_t = Σ a_i·y_{t−i} + ε_t, ε ~ N(0, σ²), with a fixed seed.</summary>
    public static TrainingSeries ArProcess(double[] a, int length, double sigma = 1.0, int seed = 7, double offset = 0, string sensor = "s")
    {
        var random = new Random(seed);
        var y = new double[length + 200];
        for (var t = a.Length; t < y.Length; t++)
        {
            var sum = 0.0;
            for (var i = 0; i < a.Length; i++)
            {
                sum += a[i] * y[t - i - 1];
            }

            y[t] = sum + (sigma * Gaussian(random));
        }

        var values = y.Skip(200).Select(v => (float)(v + offset)).ToArray(); // drop the burn-in
        var timestamps = Enumerable.Range(0, length).Select(i => T0.AddMinutes(i)).ToArray();
        return new TrainingSeries(sensor, ["value"], values, timestamps);
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
