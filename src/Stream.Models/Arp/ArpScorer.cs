using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;
using StreamAE.Models.Data;

namespace StreamAE.Models.Arp;

/// <summary>
/// Scores a window by its AR(p) one-step prediction residuals: channel error = mean(ε²) / training Var(ε) over the
/// window's last T − p steps, window score = mean of the channel errors (≈ 1 on normal data).
/// </summary>
public sealed class ArpScorer(ModelDescriptor descriptor, ArpModel model, Normalization normalization) : IWindowScorer
{
    public ModelDescriptor Model { get; } = descriptor;

    public IReadOnlyList<WindowScore> Score(IReadOnlyList<SensorWindow> windows)
    {
        var scores = new WindowScore[windows.Count];
        for (var w = 0; w < windows.Count; w++)
        {
            scores[w] = ScoreOne(windows[w]);
        }

        return scores;
    }

    public void Dispose()
    {
    }

    private WindowScore ScoreOne(SensorWindow window)
    {
        var p = model.Order;
        var channels = window.Channels;
        var errors = new float[channels];
        double total = 0;
        for (var c = 0; c < channels; c++)
        {
            var a = model.Coefficients[c];
            double sse = 0;
            for (var t = p; t < window.Length; t++)
            {
                double prediction = 0;
                for (var i = 0; i < p; i++)
                {
                    prediction += a[i] * normalization.Apply(window[t - i - 1, c], c);
                }

                var e = normalization.Apply(window[t, c], c) - prediction;
                sse += e * e;
            }

            var error = sse / (window.Length - p) / model.ResidualVariance[c];
            errors[c] = (float)error;
            total += error;
        }

        return new WindowScore(window, total / channels, errors);
    }
}
