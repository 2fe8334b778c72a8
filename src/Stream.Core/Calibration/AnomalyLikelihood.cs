using StreamAE.Core.Domain;

namespace StreamAE.Core.Calibration;

/// <summary>
/// The anomaly likelihood of one sensor (Ahmad, Lavin, Purdy, Agha 2017; written from the description and nupic's
/// reference): the moving average of its last <see cref="LikelihoodOptions.AveragingWindow"/> scores (on a log scale by
/// default) is compared with a normal distribution fitted to those averages over its long history, re-estimated every
/// <see cref="LikelihoodOptions.ReestimationPeriod"/> windows; the upper tail probability p becomes the calibrated value
/// −log₁₀(p)/10. Then, as HTM does on NAB:
/// <list type="bullet">
/// <item>red-zone filter: when p is in the red zone on consecutive windows, only the first keeps it; the next are lowered to the yellow zone (one alert per excursion);</item>
/// <item>novel range: a newest reading more than <see cref="LikelihoodOptions.RangeTolerance"/> of the seen range beyond the seen minimum or maximum scores 1.</item>
/// </list>
/// The history is kept as running moments (mean, M2) per block of ReestimationPeriod windows in a ring, never as raw
/// scores, so the state has a fixed size (<see cref="LikelihoodState"/>). Robustness: a non-finite score is reported as 1
/// and not learned from; finite scores are clamped to [0, <see cref="MaxScore"/>]; an average enters the history
/// winsorised at <see cref="HistoryCapSigmas"/> standard deviations above the mean (of the last estimate, or while
/// learning of what was learned so far), so one absurd score or a long anomaly widens the distribution by a bounded
/// amount and cannot blind the sensor. A sensor whose scores never vary gets the standard deviation floor, so its first
/// change stands out. Until <see cref="LikelihoodOptions.LearningWindows"/> windows have been scored the value is 0.
/// </summary>
public sealed class AnomalyLikelihood : ISensorCalibrator
{
    /// <summary>Largest score learned from; larger finite scores count as this.</summary>
    public const double MaxScore = 1e12;

    /// <summary>Averages above the mean by more than this many standard deviations enter the history at that bound.</summary>
    public const double HistoryCapSigmas = 10;

    /// <summary>Added before the logarithm, so a zero score (a perfectly predicted constant) has a finite log.</summary>
    private const double LogOffset = 1e-9;

    /// <summary>Standard deviation floor of the averages: 1 % of the score level (log scale), or of the mean (linear scale).</summary>
    private const double RelativeStdFloor = 0.01;

    private readonly LikelihoodOptions _options;
    private readonly double[] _recent;
    private readonly double[] _blockMeans;
    private readonly double[] _blockM2;
    private long _windows;
    private double _mean;
    private double _std;
    private bool _estimated;
    private double _previousTail = 1;
    private float[] _min = [];
    private float[] _max = [];
    private bool _rangeSeen;

    public AnomalyLikelihood(LikelihoodOptions options, string modelVersion)
    {
        _options = options;
        ModelVersion = modelVersion;
        _recent = new double[options.AveragingWindow];
        var blocks = Blocks(options);
        _blockMeans = new double[blocks];
        _blockM2 = new double[blocks];
    }

    public string ModelVersion { get; }

    /// <summary>Finite scores learned from so far.</summary>
    public long Windows => _windows;

    /// <summary>Restores an exported state; null when it does not fit these options (its sizes differ).</summary>
    public static AnomalyLikelihood? From(LikelihoodState state, LikelihoodOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = new AnomalyLikelihood(options, state.ModelVersion);
        if (state.Recent.Length != result._recent.Length || state.BlockMeans.Length != result._blockMeans.Length
            || state.BlockM2.Length != result._blockM2.Length || state.Min.Length != state.Max.Length || state.Windows < 0)
        {
            return null;
        }

        state.Recent.CopyTo(result._recent, 0);
        state.BlockMeans.CopyTo(result._blockMeans, 0);
        state.BlockM2.CopyTo(result._blockM2, 0);
        result._windows = state.Windows;
        result._mean = state.Mean;
        result._std = state.Std;
        result._estimated = state.Estimated;
        result._previousTail = state.PreviousTail;
        result._min = [.. state.Min];
        result._max = [.. state.Max];
        result._rangeSeen = state.RangeSeen;
        return result;
    }

    public CalibrationState Export() =>
        new LikelihoodState(ModelVersion, _windows, [.. _recent], [.. _blockMeans], [.. _blockM2], _mean, _std, _estimated, _previousTail, [.. _min], [.. _max], _rangeSeen);

    public double Next(WindowScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var raw = score.Score;
        if (!double.IsFinite(raw) || score.Capped)
        {
            // The model could not score the window (an absurd reading; the score guard capped it): as anomalous as it
            // gets, and nothing learned from it — neither the score history nor the seen range.
            return 1.0;
        }

        var novel = CheckRange(score.Window);

        _recent[(int)(_windows % _recent.Length)] = Math.Clamp(raw, 0, MaxScore);
        _windows++;
        var average = Average();

        var value = 0.0;
        if (_estimated)
        {
            var tail = NormalTail.Upper(average, _mean, _std);
            var filtered = tail <= _options.RedZone && _previousTail <= _options.RedZone ? _options.YellowZone : tail;
            _previousTail = tail;
            value = NormalTail.ToValue(filtered);
        }

        Learn(Math.Min(average, HistoryCap()));
        if (_windows >= _options.LearningWindows && (!_estimated || _windows % _options.ReestimationPeriod == 0))
        {
            Estimate();
        }

        return novel ? 1.0 : value;
    }

    internal static int Blocks(LikelihoodOptions options) => (options.HistoryWindows + options.ReestimationPeriod - 1) / options.ReestimationPeriod;

    /// <summary>The moving average of the last scores (fewer at the start), on the configured scale.</summary>
    private double Average()
    {
        var count = (int)Math.Min(_windows, _recent.Length);
        double sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += _recent[i];
        }

        var average = sum / count;
        return _options.LogScale ? Math.Log(average + LogOffset) : average;
    }

    /// <summary>The winsorising bound: from the last estimate, or while learning from the moments learned so far (none before the first full average).</summary>
    private double HistoryCap()
    {
        if (_estimated)
        {
            return _mean + (HistoryCapSigmas * _std);
        }

        var learned = _windows - 1;
        if (learned < _recent.Length)
        {
            return double.PositiveInfinity;
        }

        var (mean, std) = Moments(learned);
        return mean + (HistoryCapSigmas * Math.Max(std, StdFloor(mean)));
    }

    /// <summary>Adds an average to the current block's running moments (Welford); a new block overwrites the oldest.</summary>
    private void Learn(double x)
    {
        var period = _options.ReestimationPeriod;
        var block = (int)(((_windows - 1) / period) % _blockMeans.Length);
        var n = ((_windows - 1) % period) + 1;
        if (n == 1)
        {
            _blockMeans[block] = 0;
            _blockM2[block] = 0;
        }

        var delta = x - _blockMeans[block];
        _blockMeans[block] += delta / n;
        _blockM2[block] += delta * (x - _blockMeans[block]);
    }

    private void Estimate()
    {
        var (mean, std) = Moments(_windows);
        _mean = mean;
        _std = Math.Max(std, StdFloor(mean));
        _estimated = true;
    }

    private double StdFloor(double mean) => _options.LogScale ? RelativeStdFloor : Math.Max(RelativeStdFloor * Math.Abs(mean), 1e-12);

    /// <summary>Mean and standard deviation of the first <paramref name="learned"/> averages still in the history: the blocks' moments combined (Chan et al.).</summary>
    private (double Mean, double Std) Moments(long learned)
    {
        var period = _options.ReestimationPeriod;
        var blocks = _blockMeans.Length;
        var current = (int)(((learned - 1) / period) % blocks);
        var used = (int)Math.Min(blocks, ((learned - 1) / period) + 1);
        double count = 0, mean = 0, m2 = 0;
        for (var k = 0; k < used; k++)
        {
            var b = (current - k + blocks) % blocks;
            double n = k == 0 ? ((learned - 1) % period) + 1 : period;
            var total = count + n;
            var delta = _blockMeans[b] - mean;
            mean += delta * n / total;
            m2 += _blockM2[b] + (delta * delta * count * n / total);
            count = total;
        }

        return (mean, Math.Sqrt(m2 / count));
    }

    /// <summary>
    /// The novel-range rule on the window's newest reading, then the seen range is widened to include it (the first
    /// window of a sensor seeds the range with all its readings). Fires only once the sensor has learned, and only on a
    /// channel whose range is not a single value (HTM's rule too).
    /// </summary>
    private bool CheckRange(SensorWindow window)
    {
        if (_options.RangeTolerance <= 0)
        {
            return false;
        }

        var channels = window.Channels;
        if (!_rangeSeen || _min.Length != channels)
        {
            _min = new float[channels];
            _max = new float[channels];
            Array.Fill(_min, float.PositiveInfinity);
            Array.Fill(_max, float.NegativeInfinity);
            for (var t = 0; t < window.Length - 1; t++)
            {
                for (var c = 0; c < channels; c++)
                {
                    Widen(c, window[t, c]);
                }
            }

            _rangeSeen = true;
        }

        var novel = false;
        var last = window.Length - 1;
        var active = _windows >= _options.LearningWindows;
        for (var c = 0; c < channels; c++)
        {
            var v = window[last, c];
            if (active && _max[c] > _min[c])
            {
                var tolerance = (_max[c] - _min[c]) * _options.RangeTolerance;
                novel |= v > _max[c] + tolerance || v < _min[c] - tolerance;
            }

            Widen(c, v);
        }

        return novel;
    }

    private void Widen(int channel, float value)
    {
        if (float.IsFinite(value))
        {
            _min[channel] = Math.Min(_min[channel], value);
            _max[channel] = Math.Max(_max[channel], value);
        }
    }
}
