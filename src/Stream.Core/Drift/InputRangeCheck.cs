using StreamAE.Core.Domain;

namespace StreamAE.Core.Drift;

/// <summary>
/// Are a sensor's readings still in the range the model was trained on? Per channel, an exponentially weighted mean
/// of z² (z = the window's newest reading in training standard deviations from the training mean) and of z; on
/// training data √mean(z²) is about 1. A level shift, a wider spread or a trend all raise it; drift is reported when a
/// channel's √mean(z²) passes Drift:InputLimit. Each reading's |z| is capped at twice the limit, so a lone spike (an
/// anomaly, not drift) cannot carry the mean over the limit. One reading per window: O(channels) per window whatever
/// the hop. Not thread-safe.
/// </summary>
public sealed class InputRangeCheck
{
    private readonly double[] _meanSquare;
    private readonly double[] _level;

    public InputRangeCheck(int channels)
    {
        _meanSquare = new double[channels];
        _level = new double[channels];
        Array.Fill(_meanSquare, 1.0);
    }

    public int Channels => _meanSquare.Length;

    /// <summary>Where the smoothed distance last rose above half the limit; null while it is below.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>The channel furthest from its training range after the last window.</summary>
    public int WorstChannel { get; private set; }

    /// <summary>That channel's smoothed root-mean-square distance from the training mean, in training standard deviations.</summary>
    public double Rms => Math.Sqrt(_meanSquare[WorstChannel]);

    /// <summary>That channel's smoothed signed distance from the training mean.</summary>
    public double Level => _level[WorstChannel];

    /// <summary>Adds a window's newest reading; true when a channel's smoothed distance is above <paramref name="limit"/>.</summary>
    public bool Add(SensorWindow window, DriftReference reference, double smoothing, double limit)
    {
        var last = window.Length - 1;
        var cap = 2 * limit;
        var worst = 0;
        for (var c = 0; c < _meanSquare.Length; c++)
        {
            var z = Math.Clamp((window[last, c] - reference.InputMean[c]) / (double)reference.InputStd[c], -cap, cap);
            _meanSquare[c] += smoothing * ((z * z) - _meanSquare[c]);
            _level[c] += smoothing * (z - _level[c]);
            if (_meanSquare[c] > _meanSquare[worst])
            {
                worst = c;
            }
        }

        WorstChannel = worst;
        var rms = Rms;
        if (rms > limit / 2)
        {
            Since ??= window.End;
        }
        else
        {
            Since = null;
        }

        return rms > limit;
    }

    public (double[] MeanSquare, double[] Level) Export() => ([.. _meanSquare], [.. _level]);

    public void Restore(double[] meanSquare, double[] level, DateTimeOffset? since)
    {
        if (meanSquare.Length != _meanSquare.Length || level.Length != _level.Length)
        {
            return; // another channel count: keep the fresh state
        }

        meanSquare.CopyTo(_meanSquare, 0);
        level.CopyTo(_level, 0);
        Since = since;
        WorstChannel = 0;
        for (var c = 1; c < _meanSquare.Length; c++)
        {
            if (_meanSquare[c] > _meanSquare[WorstChannel])
            {
                WorstChannel = c;
            }
        }
    }
}
