using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Msl;

/// <summary>One MSL channel: its anomaly-free training rows, its test rows and the labelled anomalies (test rows, inclusive).</summary>
public sealed record MslChannel(string Name, TrainingSeries Train, TrainingSeries Test, IReadOnlyList<Interval> Anomalies)
{
    /// <summary>Per test row: inside a labelled anomaly.</summary>
    public bool[] PointLabels()
    {
        var labels = new bool[Test.Length];
        foreach (var a in Anomalies)
        {
            for (var i = Math.Max(0, a.Start); i <= Math.Min(Test.Length - 1, a.End); i++)
            {
                labels[i] = true;
            }
        }

        return labels;
    }
}
