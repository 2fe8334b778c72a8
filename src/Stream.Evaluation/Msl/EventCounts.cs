namespace StreamAE.Evaluation.Msl;

/// <summary>True positives, false positives and false negatives, and the precision, recall and F1 they give.</summary>
public sealed record EventCounts(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static EventCounts Sum(IEnumerable<EventCounts> counts)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var c in counts)
        {
            tp += c.TruePositives;
            fp += c.FalsePositives;
            fn += c.FalseNegatives;
        }

        return new EventCounts(tp, fp, fn);
    }
}
