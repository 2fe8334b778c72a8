using StreamAE.Models.Training.Training;

namespace StreamAE.Models.Training.Bundles;

/// <summary>The training and validation loss per epoch as a PNG (ScottPlot), with the kept epoch marked.</summary>
public static class LossPlot
{
    public static void Save(IReadOnlyList<EpochResult> history, int bestEpoch, string title, string path)
    {
        var plot = new ScottPlot.Plot();
        double[] epochs = [.. history.Select(h => (double)h.Epoch)];
        var train = plot.Add.Scatter(epochs, [.. history.Select(h => h.TrainLoss)]);
        train.LegendText = "train";
        var validation = plot.Add.Scatter(epochs, [.. history.Select(h => h.ValidationLoss)]);
        validation.LegendText = "validation";
        var kept = plot.Add.VerticalLine(bestEpoch);
        kept.LegendText = $"kept (epoch {bestEpoch})";
        kept.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("MSE (normalised)");
        plot.ShowLegend();
        plot.SavePng(path, 720, 420);
    }
}
