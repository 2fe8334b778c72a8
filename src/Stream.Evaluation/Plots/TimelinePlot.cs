using ScottPlot;

namespace StreamAE.Evaluation.Plots;

/// <summary>
/// One sensor of a run on a time axis: the signal (left axis), the window score and the threshold in force (right axis,
/// log10), labelled anomaly windows as shaded spans, and alert episodes as red spans from opening to closing.
/// </summary>
public static class TimelinePlot
{
    public sealed record Point(DateTimeOffset Time, double Signal, double Score, double Threshold);

    public static void Save(
        string path,
        string title,
        IReadOnlyList<Point> points,
        IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> episodes,
        IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> labelled,
        int width = 1400,
        int height = 420)
    {
        ArgumentOutOfRangeException.ThrowIfZero(points.Count);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var plot = new Plot();
        plot.Title(title);
        plot.Axes.DateTimeTicksBottom();

        var legend = "labelled anomaly";
        foreach (var (start, end) in labelled)
        {
            plot.Add.HorizontalSpan(X(start), X(end), Colors.Orange.WithAlpha(0.25)).LegendText = legend;
            legend = ""; // one legend entry per kind
        }

        legend = "alert episode";
        foreach (var (start, end) in episodes)
        {
            plot.Add.HorizontalSpan(X(start), Math.Max(X(end), X(start) + 1e-6), Colors.Red.WithAlpha(0.15)).LegendText = legend;
            legend = "";
        }

        var xs = points.Select(p => X(p.Time)).ToArray();
        var signal = plot.Add.ScatterLine(xs, points.Select(p => p.Signal).ToArray(), Colors.SteelBlue);
        signal.LegendText = "signal";
        plot.Axes.Left.Label.Text = "signal (first channel)";

        var score = plot.Add.ScatterLine(xs, points.Select(p => Log(p.Score)).ToArray(), Colors.Gray.WithAlpha(0.8));
        score.LegendText = "log10 window score";
        score.Axes.YAxis = plot.Axes.Right;
        var threshold = plot.Add.ScatterLine(xs, points.Select(p => Log(p.Threshold)).ToArray(), Colors.Red);
        threshold.LinePattern = LinePattern.Dashed;
        threshold.LegendText = "threshold";
        threshold.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "log10 score";

        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.SavePng(path, width, height);
    }

    private static double X(DateTimeOffset time) => time.UtcDateTime.ToOADate();

    private static double Log(double value) => double.IsFinite(value) ? Math.Log10(Math.Max(value, 1e-6)) : double.NaN;
}
