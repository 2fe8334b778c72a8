namespace StreamAE.Evaluation.Nab;

/// <summary>
/// NAB's scoring rule, written from its definition (Lavin and Ahmad 2015; Ahmad et al. 2017):
/// the earliest detection inside a window earns A_TP·σ(y)/σ(−1) with y = −(r − i + 1)/w; a window without detection
/// costs A_FN; a detection outside every window adds A_FP·σ(|r_prev − i| / (w_prev − 1)) (a cost, since σ &lt; 0 there)
/// or −A_FP before the first window. Detections in the probationary rows are ignored.
/// </summary>
public static class NabScorer
{
    /// <summary>Rows at the start of a file that are not scored: min(⌊0.15·N⌋, 750).</summary>
    public static int ProbationaryRows(int rows) => Math.Min((int)Math.Floor(0.15 * rows), 750);

    /// <summary>NAB's scaled sigmoid: 2/(1+e^{5y}) − 1, and −1 for y &gt; 3.</summary>
    public static double ScaledSigmoid(double y) => y > 3 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * y))) - 1.0;

    public static NabFileScore ScoreFile(int rows, IReadOnlyList<NabWindow> windows, IEnumerable<int> detections, NabProfile profile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var sorted = windows.OrderBy(w => w.Start).ToArray();
        for (var k = 0; k < sorted.Length; k++)
        {
            var w = sorted[k];
            if (w.Start < 0 || w.End >= rows || w.End < w.Start || (k > 0 && w.Start <= sorted[k - 1].End))
            {
                throw new ArgumentException($"Window [{w.Start}, {w.End}] is outside the file's {rows} rows or overlaps another window.", nameof(windows));
            }
        }

        var probation = ProbationaryRows(rows);
        var maxTp = ScaledSigmoid(-1.0);
        var best = new double?[sorted.Length];
        double falsePositiveSum = 0;
        var falsePositives = 0;
        foreach (var i in detections.Where(i => i >= probation && i < rows).Distinct().Order())
        {
            var k = IndexOfWindowAtOrBefore(sorted, i);
            if (k >= 0 && sorted[k].Contains(i))
            {
                if (best[k] is null)
                {
                    // Detections come in row order, so the first one in a window is its earliest and best.
                    var y = -(sorted[k].End - i + 1.0) / sorted[k].Width;
                    best[k] = profile.TruePositiveWeight * ScaledSigmoid(y) / maxTp;
                }

                continue;
            }

            falsePositives++;
            if (k < 0)
            {
                falsePositiveSum -= profile.FalsePositiveWeight;
            }
            else
            {
                var previous = sorted[k];
                var y = Math.Abs(previous.End - i) / Math.Max(1.0, previous.Width - 1.0);
                falsePositiveSum += profile.FalsePositiveWeight * ScaledSigmoid(y);
            }
        }

        var detected = best.Count(b => b is not null);
        var score = best.Sum(b => b ?? 0) - (profile.FalseNegativeWeight * (sorted.Length - detected)) + falsePositiveSum;
        return new NabFileScore(score, sorted.Length, detected, falsePositives);
    }

    /// <summary>The corpus score scaled so that the null detector gets 0 and the perfect one 100.</summary>
    public static double Normalize(double rawScore, int totalWindows, NabProfile profile)
    {
        if (totalWindows == 0)
        {
            throw new ArgumentException("The NAB score is undefined for a corpus without labelled windows.", nameof(totalWindows));
        }

        var nullScore = -profile.FalseNegativeWeight * totalWindows;
        var perfectScore = profile.TruePositiveWeight * totalWindows;
        return 100.0 * (rawScore - nullScore) / (perfectScore - nullScore);
    }

    public static double NormalizedCorpusScore(IEnumerable<NabFileScore> files, NabProfile profile)
    {
        var list = files.ToList();
        return Normalize(list.Sum(f => f.Score), list.Sum(f => f.Windows), profile);
    }

    private static int IndexOfWindowAtOrBefore(NabWindow[] sorted, int row)
    {
        var result = -1;
        for (var k = 0; k < sorted.Length && sorted[k].Start <= row; k++)
        {
            result = k;
        }

        return result;
    }
}
