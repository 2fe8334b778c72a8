using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Evaluation.Detectors;

/// <summary>
/// Exponentially smooths each sensor's window scores (causal: only past scores): s_t = α·x_t + (1 − α)·s_{t−1}.
/// Isolated one-window spikes are damped while sustained deviations still cross the threshold. Keeps state per sensor.
/// </summary>
public sealed class SmoothedScorer(IWindowScorer inner, double alpha, bool ownsInner) : IWindowScorer
{
    private readonly Dictionary<string, double> _state = new(StringComparer.Ordinal);

    public ModelDescriptor Model => inner.Model;

    public IReadOnlyList<WindowScore> Score(IReadOnlyList<SensorWindow> windows)
    {
        var raw = inner.Score(windows);
        var smoothed = new WindowScore[raw.Count];
        for (var i = 0; i < raw.Count; i++)
        {
            var s = raw[i];
            var value = _state.TryGetValue(s.Window.SensorId, out var previous) ? (alpha * s.Score) + ((1 - alpha) * previous) : s.Score;
            _state[s.Window.SensorId] = value;
            smoothed[i] = s with { Score = value };
        }

        return smoothed;
    }

    /// <summary>Disposes the inner scorer only when it owns it (calibration and the run share one inner scorer).</summary>
    public void Dispose()
    {
        if (ownsInner)
        {
            inner.Dispose();
        }
    }
}
