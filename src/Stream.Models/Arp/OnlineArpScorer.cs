using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;
using StreamAE.Models.Data;

namespace StreamAE.Models.Arp;

/// <summary>
/// AR(p) that keeps adapting per sensor: recursive least squares with forgetting factor λ on the normalised readings,
/// per channel, with an intercept (so a level shift becomes the new normal), started from the bundle's fitted
/// coefficients. A window is scored as the batch AR(p) scores it, with the sensor's current coefficients: the mean
/// squared one-step residual over its last T − p steps, over the running residual variance (≈ 1 on normal data),
/// averaged over channels; the model then learns the window's newest reading (once: a window ending no later than the
/// last one learned is scored but not learned again). Windows of one sensor must come in order.
/// Robust: residuals beyond <see cref="OnlineArpOptions.ClipSigmas"/> update as if clipped, a window with a
/// non-finite or absurd (|z| &gt; 10⁶) normalised value is scored but not learned, and the inverse-correlation
/// matrix is kept bounded (no wind-up on a flat signal).
/// Per-sensor state (<see cref="Export"/>): per channel (p+1) coefficients, (p+1)² matrix entries and the residual
/// variance: 8·((p+1)² + p + 2) bytes per channel, 728 bytes for p = 8.
/// </summary>
public sealed class OnlineArpScorer : IWindowScorer, IOnlineScorer
{
    public const string StateKind = "arp-online";

    private const double MinVariance = 1e-6;
    private const double AbsurdZ = 1e6;

    private readonly ArpModel _model;
    private readonly Normalization _normalization;
    private readonly OnlineArpOptions _options;
    private readonly int _dim;
    private readonly Dictionary<string, SensorState> _sensors = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public OnlineArpScorer(ModelDescriptor descriptor, ArpModel model, Normalization normalization, OnlineArpOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = descriptor;
        _model = model;
        _normalization = normalization;
        _options = options;
        _dim = model.Order + 1;
    }

    public ModelDescriptor Model { get; }

    /// <summary>Doubles of state per channel.</summary>
    public int ValuesPerChannel => (_dim * _dim) + _dim + 1;

    public IReadOnlyList<WindowScore> Score(IReadOnlyList<SensorWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var scores = new WindowScore[windows.Count];
        var x = new double[_dim];
        var px = new double[_dim];
        lock (_lock)
        {
            for (var w = 0; w < windows.Count; w++)
            {
                scores[w] = ScoreAndLearn(windows[w], x, px);
            }
        }

        return scores;
    }

    public ScorerSensorState? Export(string sensorId)
    {
        lock (_lock)
        {
            if (!_sensors.TryGetValue(sensorId, out var s))
            {
                return null;
            }

            var values = new double[s.Channels.Length * ValuesPerChannel];
            for (var c = 0; c < s.Channels.Length; c++)
            {
                var ch = s.Channels[c];
                var offset = c * ValuesPerChannel;
                ch.A.CopyTo(values, offset);
                ch.P.CopyTo(values, offset + _dim);
                values[offset + _dim + (_dim * _dim)] = ch.Variance;
            }

            return new ScorerSensorState(StateKind, Model.Version, s.Updates, s.LastEnd, values);
        }
    }

    public bool Restore(string sensorId, ScorerSensorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var channels = _model.Channels;
        if (state.Kind != StateKind || state.ModelVersion != Model.Version || state.Values.Length != channels * ValuesPerChannel || state.Values.Any(v => !double.IsFinite(v)))
        {
            return false;
        }

        var restored = new SensorState(channels, _dim) { Updates = state.Updates, LastEnd = state.LastWindowEnd };
        for (var c = 0; c < channels; c++)
        {
            var offset = c * ValuesPerChannel;
            var ch = restored.Channels[c];
            Array.Copy(state.Values, offset, ch.A, 0, _dim);
            Array.Copy(state.Values, offset + _dim, ch.P, 0, _dim * _dim);
            ch.Variance = state.Values[offset + _dim + (_dim * _dim)];
        }

        lock (_lock)
        {
            _sensors[sensorId] = restored;
        }

        return true;
    }

    public bool Forget(string sensorId)
    {
        lock (_lock)
        {
            return _sensors.Remove(sensorId);
        }
    }

    public void Dispose()
    {
    }

    private WindowScore ScoreAndLearn(SensorWindow window, double[] x, double[] px)
    {
        if (!_sensors.TryGetValue(window.SensorId, out var state))
        {
            state = New();
            _sensors.Add(window.SensorId, state);
        }

        var p = _model.Order;
        var last = window.Length - 1;
        var learn = window.End > state.LastEnd;
        var errors = new float[window.Channels];
        double total = 0;
        var sane = true;
        for (var c = 0; c < window.Channels; c++)
        {
            var ch = state.Channels[c];
            double y = _normalization.Apply(window[last, c], c);
            var saneInputs = Math.Abs(y) < AbsurdZ;
            for (var i = 0; i < p; i++)
            {
                x[i] = _normalization.Apply(window[last - i - 1, c], c);
                saneInputs &= Math.Abs(x[i]) < AbsurdZ;
            }

            x[p] = 1; // intercept
            double prediction = 0;
            for (var i = 0; i < _dim; i++)
            {
                prediction += ch.A[i] * x[i];
            }

            var e = y - prediction;
            var error = WindowError(window, c, ch);
            errors[c] = (float)error;
            total += error;
            sane &= saneInputs && double.IsFinite(e);
            if (learn && sane)
            {
                Update(ch, x, px, e);
            }
        }

        if (learn)
        {
            state.LastEnd = window.End;
            state.Updates++;
        }

        return new WindowScore(window, total / window.Channels, errors);
    }

    /// <summary>Mean squared one-step residual over the window's last T − p steps with the current coefficients, over the running residual variance (as the batch AR(p) scores).</summary>
    private double WindowError(SensorWindow window, int c, ChannelState ch)
    {
        var p = _model.Order;
        double sse = 0;
        for (var t = p; t < window.Length; t++)
        {
            var prediction = ch.A[p];
            for (var i = 0; i < p; i++)
            {
                prediction += ch.A[i] * _normalization.Apply(window[t - i - 1, c], c);
            }

            var r = _normalization.Apply(window[t, c], c) - prediction;
            sse += r * r;
        }

        return sse / (window.Length - p) / ch.Variance;
    }

    /// <summary>One RLS step: k = P·x / (λ + xᵀ·P·x), a += k·e (e clipped), P = (P − k·xᵀ·P) / λ, kept bounded.</summary>
    private void Update(ChannelState ch, double[] x, double[] px, double e)
    {
        var lambda = _options.Forgetting;
        var sigma = Math.Sqrt(ch.Variance);
        var clipped = Math.Clamp(e, -_options.ClipSigmas * sigma, _options.ClipSigmas * sigma);
        var n = _dim;
        double denominator = lambda;
        for (var i = 0; i < n; i++)
        {
            double sum = 0;
            for (var j = 0; j < n; j++)
            {
                sum += ch.P[(i * n) + j] * x[j];
            }

            px[i] = sum;
            denominator += x[i] * sum;
        }

        for (var i = 0; i < n; i++)
        {
            ch.A[i] += px[i] / denominator * clipped;
        }

        // P is symmetric, so xᵀ·P = (P·x)ᵀ; the update keeps it symmetric.
        double trace = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                ch.P[(i * n) + j] = (ch.P[(i * n) + j] - (px[i] * px[j] / denominator)) / lambda;
            }

            trace += ch.P[(i * n) + i];
        }

        // Anti-wind-up: with little new information P grows like λ^−t; cap its trace at that of the identity.
        if (trace > n)
        {
            var scale = n / trace;
            for (var i = 0; i < ch.P.Length; i++)
            {
                ch.P[i] *= scale;
            }
        }

        ch.Variance = Math.Max(MinVariance, (lambda * ch.Variance) + ((1 - lambda) * clipped * clipped));
    }

    private SensorState New()
    {
        var state = new SensorState(_model.Channels, _dim);
        var start = 1 - _options.Forgetting;
        for (var c = 0; c < _model.Channels; c++)
        {
            var ch = state.Channels[c];
            _model.Coefficients[c].CopyTo(ch.A, 0);
            for (var i = 0; i < _dim; i++)
            {
                // About the steady-state P ≈ (1 − λ)·R⁻¹ for inputs of unit variance: trusts the fitted coefficients.
                ch.P[(i * _dim) + i] = Math.Max(start, 1e-6);
            }

            ch.Variance = Math.Max(MinVariance, _model.ResidualVariance[c]);
        }

        return state;
    }

    private sealed class SensorState(int channels, int dim)
    {
        public ChannelState[] Channels { get; } = Enumerable.Range(0, channels).Select(_ => new ChannelState(dim)).ToArray();

        public long Updates { get; set; }

        public DateTimeOffset LastEnd { get; set; } = DateTimeOffset.MinValue;
    }

    private sealed class ChannelState(int dim)
    {
        public double[] A { get; } = new double[dim];

        public double[] P { get; } = new double[dim * dim];

        public double Variance { get; set; }
    }
}
