namespace StreamAE.Evaluation.Nab;

/// <summary>
/// NAB's threshold optimisation (numenta/NAB <c>nab/sweeper.py</c> and <c>nab/optimizer.py</c>, written again from
/// them): every scored row outside the probationary period gets its weighted score as if detected (inside a window:
/// A_TP·σ(−(r − i + 1)/w)/σ(−1); outside: A_FP·σ(|r_prev − i|/(w_prev − 1)), or −A_FP before the first window); the
/// rows of the whole corpus are swept from the highest anomaly score down, each distinct score being a threshold
/// (a row is a detection when its score ≥ the threshold); a window counts its best (earliest) detected row, a missed
/// window costs A_FN; the threshold with the highest corpus score wins (ties: the higher threshold, as NAB's stable
/// sort keeps it first). This is the "one threshold per profile for the whole corpus" of NAB's published results.
/// </summary>
public static class NabThresholdSweep
{
    /// <summary>Above every calibrated value: the threshold at which nothing is detected.</summary>
    public const double NothingDetected = 1.1;

    public sealed record Result(double Threshold, double RawScore);

    public static Result Best(IReadOnlyList<(NabSeries Series, double[] Scores)> files, NabProfile profile)
    {
        var points = new List<(double Score, double Weighted, int Window)>();
        var windowCount = 0;
        foreach (var (series, scores) in files)
        {
            if (scores.Length != series.Rows)
            {
                throw new ArgumentException($"{series.Key}: {scores.Length} scores for {series.Rows} rows.", nameof(files));
            }

            AddFile(points, series, scores, profile, windowCount);
            windowCount += series.Windows.Count;
        }

        // Descending by score; equal scores form one threshold step (LINQ's sort is stable like Python's).
        var sorted = points.OrderByDescending(p => p.Score).ToArray();
        var windowBest = new double?[windowCount];
        var falsePositiveSum = 0.0;
        double Current() => falsePositiveSum + windowBest.Sum(b => b ?? -profile.FalseNegativeWeight);

        var best = new Result(NothingDetected, Current());
        for (var k = 0; k < sorted.Length;)
        {
            var threshold = sorted[k].Score;
            while (k < sorted.Length && sorted[k].Score == threshold)
            {
                var p = sorted[k++];
                if (p.Window < 0)
                {
                    falsePositiveSum += p.Weighted;
                }
                else if (windowBest[p.Window] is not { } seen || p.Weighted > seen)
                {
                    windowBest[p.Window] = p.Weighted;
                }
            }

            var score = Current();
            if (score > best.RawScore)
            {
                best = new Result(threshold, score);
            }
        }

        return best;
    }

    /// <summary>Rows whose score is at least the threshold: the detections NAB's scorer counts at that threshold.</summary>
    public static int[] Detections(double[] scores, int probationaryRows, double threshold)
    {
        var rows = new List<int>();
        for (var i = probationaryRows; i < scores.Length; i++)
        {
            if (scores[i] >= threshold)
            {
                rows.Add(i);
            }
        }

        return [.. rows];
    }

    private static void AddFile(List<(double, double, int)> points, NabSeries series, double[] scores, NabProfile profile, int firstWindow)
    {
        var windows = series.Windows.OrderBy(w => w.Start).ToArray();
        var maxTp = NabScorer.ScaledSigmoid(-1.0);
        var probation = series.ProbationaryRows;
        var k = -1; // index of the window at or before the row
        for (var i = 0; i < series.Rows; i++)
        {
            while (k + 1 < windows.Length && windows[k + 1].Start <= i)
            {
                k++;
            }

            if (i < probation)
            {
                continue;
            }

            // A row without a window score yet (the first T − 1 rows) is never a detection; NAB's files give it 0.
            var score = double.IsNaN(scores[i]) ? 0.0 : scores[i];
            if (k >= 0 && windows[k].Contains(i))
            {
                var y = -(windows[k].End - i + 1.0) / windows[k].Width;
                points.Add((score, profile.TruePositiveWeight * NabScorer.ScaledSigmoid(y) / maxTp, firstWindow + IndexIn(series, windows[k])));
            }
            else if (k < 0)
            {
                points.Add((score, -profile.FalsePositiveWeight, -1));
            }
            else
            {
                var y = Math.Abs(windows[k].End - i) / Math.Max(1.0, windows[k].Width - 1.0);
                points.Add((score, profile.FalsePositiveWeight * NabScorer.ScaledSigmoid(y), -1));
            }
        }
    }

    private static int IndexIn(NabSeries series, NabWindow window)
    {
        for (var w = 0; w < series.Windows.Count; w++)
        {
            if (series.Windows[w] == window)
            {
                return w;
            }
        }

        throw new InvalidOperationException("Window not in its series.");
    }
}
