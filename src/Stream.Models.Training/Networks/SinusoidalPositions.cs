namespace StreamAE.Models.Training.Networks;

/// <summary>The fixed sinusoidal position encoding: PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(…).</summary>
internal static class SinusoidalPositions
{
    public static float[] Table(int length, int dModel)
    {
        var table = new float[length * dModel];
        for (var t = 0; t < length; t++)
        {
            for (var i = 0; i < dModel; i++)
            {
                var angle = t / Math.Pow(10000, (2 * (i / 2)) / (double)dModel);
                table[(t * dModel) + i] = (float)(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        }

        return table;
    }
}
