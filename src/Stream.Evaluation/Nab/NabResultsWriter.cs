using System.Globalization;
using System.Text;

namespace StreamAE.Evaluation.Nab;

/// <summary>
/// Writes a detector's per-row output in NAB's results layout, <c>&lt;detector&gt;/&lt;category&gt;/&lt;detector&gt;_&lt;file&gt;.csv</c>
/// with columns <c>timestamp,value,anomaly_score,label</c>, so NAB's own scorer can score StreamAE independently;
/// label is 1 inside labelled windows. Two kinds: the deployable detections (anomaly_score 1 on the rows where an alert
/// episode opened, 0 elsewhere) and the calibrated values of every row (0 before the first full window), from which
/// NAB's optimiser picks its corpus threshold.
/// </summary>
public static class NabResultsWriter
{
    public static string Write(string resultsRoot, string detector, NabSeries series, IReadOnlyCollection<int> detections)
    {
        var detected = detections.ToHashSet();
        return Write(resultsRoot, detector, series, i => detected.Contains(i) ? "1" : "0");
    }

    public static string WriteScores(string resultsRoot, string detector, NabSeries series, double[] scores)
    {
        if (scores.Length != series.Rows)
        {
            throw new ArgumentException($"{series.Key}: {scores.Length} scores for {series.Rows} rows.", nameof(scores));
        }

        return Write(resultsRoot, detector, series, i => double.IsNaN(scores[i]) ? "0" : scores[i].ToString("R", CultureInfo.InvariantCulture));
    }

    private static string Write(string resultsRoot, string detector, NabSeries series, Func<int, string> anomalyScore)
    {
        var directory = Path.Combine(resultsRoot, detector, series.Category);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{detector}_{series.Name}.csv");
        var text = new StringBuilder(series.Rows * 48);
        text.Append("timestamp,value,anomaly_score,label\n");
        for (var i = 0; i < series.Rows; i++)
        {
            var label = series.Windows.Any(w => w.Contains(i)) ? 1 : 0;
            text.Append(series.Timestamps[i].UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',')
                .Append(series.Values[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(anomalyScore(i)).Append(',')
                .Append(label).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
