using ScottPlot;
using StreamAE.Evaluation.Running;

namespace StreamAE.Evaluation.Plots;

/// <summary>
/// One series as a PNG: the signal (left axis), the log10 score and the threshold (right axis), labelled anomaly
/// windows as shaded spans, and the alerts (episode openings) as vertical lines.
/// </summary>
public static class SeriesPlot
{
    public static void Save(string path, string title, float[] signal, int channels, SeriesRun run, IEnumerable<(int Start, int End)> labelled, int width = 1400, int height = 420)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("row");

        foreach (var (start, end) in labelled)
        {
            var span = plot.Add.HorizontalSpan(start, end, Colors.Orange.WithAlpha(0.25));
            span.LegendText = "";
        }

        var rows = signal.Length / channels;
        var values = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            values[i] = signal[i * channels]; // the first channel (NAB: value; MSL: telemetry)
        }

        var signalLine = plot.Add.Signal(values, 1.0, Colors.SteelBlue);
        signalLine.LegendText = "signal";
        plot.Axes.Left.Label.Text = "signal";

        var logScores = run.Scores.Select(s => double.IsNaN(s) ? double.NaN : Math.Log10(Math.Max(s, 1e-6))).ToArray();
        var scoreLine = plot.Add.Signal(logScores, 1.0, Colors.Gray.WithAlpha(0.8));
        scoreLine.LegendText = "log10 score";
        scoreLine.Axes.YAxis = plot.Axes.Right;
        var threshold = plot.Add.HorizontalLine(Math.Log10(Math.Max(run.Threshold, 1e-6)), 1.5f, Colors.Red, LinePattern.Dashed);
        threshold.Axes.YAxis = plot.Axes.Right;
        threshold.LegendText = "threshold";
        plot.Axes.Right.Label.Text = "log10 score";

        foreach (var episode in run.Episodes)
        {
            var line = plot.Add.VerticalLine(episode.OpenRow, 1f, Colors.DarkRed);
            line.LegendText = "";
        }

        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.SavePng(path, width, height);
    }
}
