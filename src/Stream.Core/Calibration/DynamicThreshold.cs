using StreamAE.Core.Domain;

namespace StreamAE.Core.Calibration;

/// <summary>
/// Non-parametric dynamic thresholding of one sensor (Hundman et al., KDD 2018; written from the paper and the
/// telemanom description), made streaming: raw scores are smoothed (EWMA), the last
/// <see cref="DynamicThresholdOptions.HistoryWindows"/> smoothed errors are kept, and every
/// <see cref="DynamicThresholdOptions.ReselectionPeriod"/> windows the threshold ε = μ + zσ is chosen among z in
/// [MinZ, MaxZ] to maximise (Δμ/μ + Δσ/σ) / (|errors above| + |sequences above|²), where Δμ, Δσ are the drops of the
/// mean and standard deviation when the errors above ε are removed (at most 5 sequences and under half the errors
/// above, as telemanom requires). Pruning, streamed: a sequence above ε counts only once its peak is at least
/// <see cref="DynamicThresholdOptions.PruneRatio"/> above the highest normal error in the history (relative to its
/// peak). The calibrated value is e/(e + ε) (0.5 at the threshold) for a sequence that counts, and at most 0.5 otherwise.
/// </summary>
public sealed class DynamicThreshold : ISensorCalibrator
{
    private readonly DynamicThresholdOptions _options;
    private readonly float[] _history;
    private long _windows;
    private double _smoothed;
    private double _epsilon;
    private double _maxNormal;
    private double _sequencePeak;
    private bool _ready;

    public DynamicThreshold(DynamicThresholdOptions options, string modelVersion)
    {
        _options = options;
        ModelVersion = modelVersion;
        _history = new float[options.HistoryWindows];
    }

    public string ModelVersion { get; }

    /// <summary>The threshold on smoothed errors in use (NaN before the first selection).</summary>
    public double Epsilon => _ready ? _epsilon : double.NaN;

    public static DynamicThreshold? From(DynamicThresholdState state, DynamicThresholdOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.History.Length != options.HistoryWindows || state.Windows < 0)
        {
            return null;
        }

        var result = new DynamicThreshold(options, state.ModelVersion)
        {
            _windows = state.Windows,
            _smoothed = state.Smoothed,
            _epsilon = state.Epsilon,
            _maxNormal = state.MaxNormal,
            _sequencePeak = state.SequencePeak,
            _ready = state.Ready,
        };
        state.History.CopyTo(result._history, 0);
        return result;
    }

    public CalibrationState Export() => new DynamicThresholdState(ModelVersion, _windows, [.. _history], _smoothed, _epsilon, _maxNormal, _sequencePeak, _ready);

    public double Next(WindowScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var raw = score.Score;
        if (!double.IsFinite(raw) || score.Capped)
        {
            return 1.0; // an absurd window (capped by the score guard): not learned from, it must not move the history
        }

        var x = Math.Clamp(raw, 0, AnomalyLikelihood.MaxScore);
        var alpha = 2.0 / (_options.SmoothingSpan + 1);
        _smoothed = _windows == 0 ? x : (alpha * x) + ((1 - alpha) * _smoothed);
        _history[(int)(_windows % _history.Length)] = (float)_smoothed;
        _windows++;
        if ((!_ready && _windows >= _options.LearningWindows) || (_ready && _windows % _options.ReselectionPeriod == 0))
        {
            Select();
        }

        if (!_ready)
        {
            return 0;
        }

        var value = _smoothed / (_smoothed + _epsilon);
        if (_smoothed <= _epsilon)
        {
            _sequencePeak = 0;
            return Math.Min(value, 0.5);
        }

        _sequencePeak = Math.Max(_sequencePeak, _smoothed);
        var counts = (_sequencePeak - _maxNormal) / _sequencePeak >= _options.PruneRatio;
        return counts ? value : Math.Min(value, 0.5);
    }

    /// <summary>Chooses ε over the history, in time order, and the highest error below it.</summary>
    private void Select()
    {
        var n = (int)Math.Min(_windows, _history.Length);
        var start = _windows > _history.Length ? (int)(_windows % _history.Length) : 0;
        double sum = 0, sumSq = 0;
        for (var i = 0; i < n; i++)
        {
            double v = _history[i];
            sum += v;
            sumSq += v * v;
        }

        var mean = sum / n;
        var std = Math.Sqrt(Math.Max(0, (sumSq / n) - (mean * mean)));
        var best = double.NegativeInfinity;
        var epsilon = mean + (_options.MaxZ * std);
        for (var z = _options.MinZ; z <= _options.MaxZ + 1e-9; z += _options.ZStep)
        {
            var candidate = mean + (z * std);
            double belowSum = 0, belowSq = 0;
            int above = 0, sequences = 0;
            var inSequence = false;
            for (var k = 0; k < n; k++)
            {
                double v = _history[(start + k) % _history.Length];
                if (v > candidate)
                {
                    above++;
                    sequences += inSequence ? 0 : 1;
                    inSequence = true;
                }
                else
                {
                    belowSum += v;
                    belowSq += v * v;
                    inSequence = false;
                }
            }

            if (above == 0 || sequences > 5 || above >= n / 2.0)
            {
                continue;
            }

            var below = n - above;
            var belowMean = belowSum / below;
            var belowStd = Math.Sqrt(Math.Max(0, (belowSq / below) - (belowMean * belowMean)));
            var score = (((mean - belowMean) / Math.Max(mean, 1e-12)) + ((std - belowStd) / Math.Max(std, 1e-12))) / (above + ((double)sequences * sequences));
            if (score > best)
            {
                best = score;
                epsilon = candidate;
            }
        }

        // A flat history has σ = 0: keep ε just above its level so that only a rise stands out.
        _epsilon = Math.Max(epsilon, (Math.Abs(mean) * (1 + 1e-9)) + 1e-12);
        _maxNormal = 0;
        for (var i = 0; i < n; i++)
        {
            if (_history[i] <= _epsilon)
            {
                _maxNormal = Math.Max(_maxNormal, _history[i]);
            }
        }

        _ready = true;
    }
}
