using StreamAE.Models.Data;

namespace StreamAE.Models.Arp;

/// <summary>Fits AR(p) coefficients per channel by least squares (normal equations, tiny ridge for stability).</summary>
public static class ArpFitter
{
    public static ArpModel Fit(IReadOnlyList<TrainingSeries> series, Normalization normalization, int order)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        var channels = normalization.Channels;
        var coefficients = new double[channels][];
        var residualVariance = new double[channels];
        for (var c = 0; c < channels; c++)
        {
            var xtx = new double[order, order];
            var xty = new double[order];
            long rows = 0;
            foreach (var s in series)
            {
                for (var t = order; t < s.Length; t++)
                {
                    double y = normalization.Apply(s[t, c], c);
                    for (var i = 0; i < order; i++)
                    {
                        double xi = normalization.Apply(s[t - i - 1, c], c);
                        xty[i] += xi * y;
                        for (var j = 0; j <= i; j++)
                        {
                            xtx[i, j] += xi * normalization.Apply(s[t - j - 1, c], c);
                        }
                    }

                    rows++;
                }
            }

            if (rows <= order)
            {
                throw new ArgumentException($"AR({order}) needs more than {order * 2} training rows per channel; got {rows + order}.", nameof(series));
            }

            // Ridge: keeps a constant channel (all-zero after normalisation) solvable; negligible otherwise.
            var ridge = 1e-8 * rows;
            for (var i = 0; i < order; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    xtx[j, i] = xtx[i, j];
                }

                xtx[i, i] += ridge + 1e-12;
            }

            coefficients[c] = CholeskySolver.Solve(xtx, xty);

            double sse = 0;
            foreach (var s in series)
            {
                for (var t = order; t < s.Length; t++)
                {
                    var e = normalization.Apply(s[t, c], c) - Predict(coefficients[c], s, t, c, normalization);
                    sse += e * e;
                }
            }

            // Floor: a perfectly predictable channel must not turn every tiny deviation into an infinite score.
            residualVariance[c] = Math.Max(sse / (rows - order), 1e-6);
        }

        return new ArpModel(order, coefficients, residualVariance);
    }

    private static double Predict(double[] a, TrainingSeries s, int t, int c, Normalization n)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * n.Apply(s[t - i - 1, c], c);
        }

        return sum;
    }
}
