namespace StreamAE.Evaluation.Msl;

/// <summary>Event-wise and point-wise detection metrics, PR-AUC and detection delay (no point adjustment anywhere).</summary>
public static class DetectionMetrics
{
    /// <summary>
    /// Event-wise counts: a labelled event overlapped by any predicted interval is a TP, one overlapped by none an FN;
    /// a predicted interval that overlaps no labelled event is an FP.
    /// </summary>
    public static EventCounts EventWise(IReadOnlyList<Interval> labelled, IReadOnlyList<Interval> predicted)
    {
        var tp = labelled.Count(l => predicted.Any(p => p.Overlaps(l)));
        var fp = predicted.Count(p => !labelled.Any(l => l.Overlaps(p)));
        return new EventCounts(tp, fp, labelled.Count - tp);
    }

    /// <summary>Point-wise counts over rows.</summary>
    public static EventCounts PointWise(IReadOnlyList<bool> labels, IReadOnlyList<bool> predicted)
    {
        if (labels.Count != predicted.Count)
        {
            throw new ArgumentException($"{labels.Count} labels but {predicted.Count} predictions.", nameof(predicted));
        }

        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            if (predicted[i] && labels[i])
            {
                tp++;
            }
            else if (predicted[i])
            {
                fp++;
            }
            else if (labels[i])
            {
                fn++;
            }
        }

        return new EventCounts(tp, fp, fn);
    }

    /// <summary>
    /// Area under the precision–recall curve as average precision: Σ_k (R_k − R_{k−1})·P_k over the distinct score
    /// levels from high to low (rows with tied scores enter together). Rows without a score (NaN) rank last.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels.", nameof(labels));
        }

        var positives = labels.Count(l => l);
        if (positives == 0)
        {
            return double.NaN;
        }

        var order = Enumerable.Range(0, scores.Count)
            .Select(i => (Score: double.IsNaN(scores[i]) ? double.NegativeInfinity : scores[i], Label: labels[i]))
            .OrderByDescending(x => x.Score)
            .ToArray();
        double ap = 0, previousRecall = 0;
        int tp = 0, seen = 0;
        for (var k = 0; k < order.Length;)
        {
            var level = order[k].Score;
            while (k < order.Length && order[k].Score == level)
            {
                tp += order[k].Label ? 1 : 0;
                seen++;
                k++;
            }

            var recall = (double)tp / positives;
            ap += (recall - previousRecall) * ((double)tp / seen);
            previousRecall = recall;
        }

        return ap;
    }

    /// <summary>
    /// Rows from each detected event's start to its first row covered by a predicted interval (0 when an interval was
    /// already open at the start); null for a missed event.
    /// </summary>
    public static IReadOnlyList<int?> Delays(IReadOnlyList<Interval> labelled, IReadOnlyList<Interval> predicted) =>
        labelled.Select(l =>
        {
            var first = predicted.Where(p => p.Overlaps(l)).Select(p => Math.Max(p.Start, l.Start)).DefaultIfEmpty(-1).Min();
            return first < 0 ? (int?)null : first - l.Start;
        }).ToArray();
}
