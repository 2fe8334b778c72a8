using ScottPlot;

namespace StreamAE.Evaluation.Plots;

/// <summary>A bar chart of named values (a detector's score per NAB category, or per-detector totals) as a PNG.</summary>
public static class SummaryChart
{
    public static void Save(string path, string title, string valueLabel, IReadOnlyList<(string Label, double Value)> bars, int width = 1000, int height = 420)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var plot = new Plot();
        plot.Title(title);
        plot.YLabel(valueLabel);
        var values = bars.Select(b => double.IsFinite(b.Value) ? b.Value : 0).ToArray();
        plot.Add.Bars(values);
        var ticks = bars.Select((b, i) => new Tick(i, b.Label)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 120;
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, width, height);
    }
}
