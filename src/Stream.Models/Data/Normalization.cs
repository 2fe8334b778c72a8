namespace StreamAE.Models.Data;

/// <summary>Per-channel mean and standard deviation from the training data; models see (x − mean) / std.</summary>
public sealed record Normalization(float[] Mean, float[] Std)
{
    /// <summary>Channels that never vary in training (e.g. idle command flags) get std 1 so they cannot divide by zero.</summary>
    public const float MinStd = 1e-6f;

    public int Channels => Mean.Length;

    public static Normalization Fit(IEnumerable<TrainingSeries> series)
    {
        int channels = -1;
        double[] sum = [], sumSq = [];
        long n = 0;
        foreach (var s in series)
        {
            if (channels < 0)
            {
                channels = s.Channels;
                sum = new double[channels];
                sumSq = new double[channels];
            }

            for (var t = 0; t < s.Length; t++)
            {
                for (var c = 0; c < channels; c++)
                {
                    double v = s[t, c];
                    sum[c] += v;
                    sumSq[c] += v * v;
                }
            }

            n += s.Length;
        }

        if (n < 2)
        {
            throw new ArgumentException("Normalisation needs at least two training rows.", nameof(series));
        }

        var mean = new float[channels];
        var std = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var m = sum[c] / n;
            var variance = Math.Max(0, (sumSq[c] / n) - (m * m));
            mean[c] = (float)m;
            var sd = (float)Math.Sqrt(variance);
            std[c] = sd < MinStd ? 1f : sd;
        }

        return new Normalization(mean, std);
    }

    public float Apply(float value, int channel) => (value - Mean[channel]) / Std[channel];
}
