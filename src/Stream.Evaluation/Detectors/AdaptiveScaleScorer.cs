using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Evaluation.Detectors;

/// <summary>
/// Divides each window score by a slow running level of that sensor's past scores (causal: the level is updated after
/// the window is scored), so a series whose normal error drifts after training does not alert for ever. Each update is
/// capped at <see cref="Cap"/> times the level, so an anomaly raises the level only slowly and keeps standing out.
/// </summary>
public sealed class AdaptiveScaleScorer(IWindowScorer inner, double rate, bool ownsInner) : IWindowScorer
{
    public const double Cap = 3.0;

    private const double MinLevel = 1e-9;

    private readonly Dictionary<string, double> _level = new(StringComparer.Ordinal);

    public ModelDescriptor Model => inner.Model;

    public IReadOnlyList<WindowScore> Score(IReadOnlyList<SensorWindow> windows)
    {
        var raw = inner.Score(windows);
        var scaled = new WindowScore[raw.Count];
        for (var i = 0; i < raw.Count; i++)
        {
            var s = raw[i];
            var sensor = s.Window.SensorId;
            if (!_level.TryGetValue(sensor, out var level))
            {
                level = Math.Max(s.Score, MinLevel);
            }

            scaled[i] = s with { Score = s.Score / level };
            _level[sensor] = Math.Max(MinLevel, ((1 - rate) * level) + (rate * Math.Min(s.Score, Cap * level)));
        }

        return scaled;
    }

    public void Dispose()
    {
        if (ownsInner)
        {
            inner.Dispose();
        }
    }
}
