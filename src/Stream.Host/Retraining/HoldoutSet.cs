using StreamAE.Core.Domain;
using StreamAE.Models.Data;

namespace StreamAE.Host.Retraining;

/// <summary>
/// The windows both models are judged on: the most recent held-out windows (normal data), and a copy of each with one
/// spike of <see cref="RetrainPolicy.Spike"/> standard deviations added at its middle reading, on one channel in turn.
/// </summary>
public sealed class HoldoutSet
{
    private HoldoutSet(IReadOnlyList<SensorWindow> clean, IReadOnlyList<SensorWindow> spiked, int sensors)
    {
        Clean = clean;
        Spiked = spiked;
        Sensors = sensors;
    }

    public IReadOnlyList<SensorWindow> Clean { get; }

    public IReadOnlyList<SensorWindow> Spiked { get; }

    public int Sensors { get; }

    public static HoldoutSet From(IReadOnlyList<TrainingSeries> series, int windowLength, RetrainPolicy policy)
    {
        var clean = series
            .SelectMany(s => s.Windows(windowLength, 1))
            .OrderBy(w => w.End)
            .TakeLast(policy.MaxHoldoutWindows)
            .ToList();
        var std = clean.Count > 0 ? Normalization.Fit(series).Std : []; // the held-out data's own spread, per channel
        var spiked = new List<SensorWindow>(clean.Count);
        for (var i = 0; i < clean.Count; i++)
        {
            var window = clean[i];
            var values = (float[])window.Values.Clone();
            var channel = i % window.Channels;
            values[(window.Length / 2 * window.Channels) + channel] += (float)(policy.Spike * std[channel]);
            spiked.Add(window with { Values = values });
        }

        return new HoldoutSet(clean, spiked, series.Select(s => s.SensorId).Distinct(StringComparer.Ordinal).Count());
    }
}
