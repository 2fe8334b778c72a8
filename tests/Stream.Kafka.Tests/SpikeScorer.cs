using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Kafka.Tests;

/// <summary>
/// A tiny deterministic scorer: a window's score is its largest absolute value (per channel likewise). With a gate,
/// scoring waits until the gate is open (a stalled model).
/// </summary>
internal sealed class SpikeScorer(ModelDescriptor model, ManualResetEventSlim? gate = null) : IWindowScorer
{
    public ModelDescriptor Model { get; } = model;

    public IReadOnlyList<WindowScore> Score(IReadOnlyList<SensorWindow> windows)
    {
        gate?.Wait();
        var scores = new WindowScore[windows.Count];
        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            var errors = new float[w.Channels];
            for (var t = 0; t < w.Length; t++)
            {
                for (var c = 0; c < w.Channels; c++)
                {
                    errors[c] = Math.Max(errors[c], Math.Abs(w[t, c]));
                }
            }

            scores[i] = new WindowScore(w, errors.Max(), errors);
        }

        return scores;
    }

    public void Dispose()
    {
    }
}
