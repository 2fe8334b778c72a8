using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Calibration;

/// <summary>
/// The calibration stage between the scorer and the episode tracker: keeps each sensor's online calibration state and
/// turns its window scores, in window order, into <see cref="CalibratedScore"/>s. A sensor's state is created on its
/// first window, tied to the model version that scored it (a swapped model starts afresh), and goes with
/// <see cref="Forget"/> (eviction, revoked partition). <see cref="Export"/>/<see cref="Restore"/> carry it through
/// checkpoints: a restored sensor calibrates its next windows exactly as the uninterrupted one would.
/// Thread-safe (eviction may come from the reading thread while a batch is calibrated).
/// </summary>
public sealed class ScoreCalibration(CalibrationOptions options)
{
    private readonly Dictionary<string, ISensorCalibrator> _sensors = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public CalibrationOptions Options { get; } = options;

    /// <summary>Sensors with calibration state now.</summary>
    public int TrackedSensors
    {
        get
        {
            lock (_lock)
            {
                return _sensors.Count;
            }
        }
    }

    public CalibratedScore Calibrate(WindowScore score, ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(model);
        if (Options.Method == CalibrationMethod.None)
        {
            return CalibratedScore.Uncalibrated(score.Score, model.Threshold.Overall);
        }

        double value;
        lock (_lock)
        {
            var sensor = score.Window.SensorId;
            var version = model.Descriptor.Version;
            if (!_sensors.TryGetValue(sensor, out var state) || !string.Equals(state.ModelVersion, version, StringComparison.Ordinal))
            {
                state = Create(version);
                _sensors[sensor] = state;
            }

            value = state.Next(score);
        }

        return new CalibratedScore(score.Score, value, Options.AlertLevel, Options.Method);
    }

    /// <summary>The sensor's state for its checkpoint; null when it has none (or calibration is off).</summary>
    public CalibrationState? Export(string sensorId)
    {
        lock (_lock)
        {
            return _sensors.TryGetValue(sensorId, out var state) ? state.Export() : null;
        }
    }

    /// <summary>
    /// Puts back an exported state, replacing any the sensor has. A state of another method, or whose sizes do not fit
    /// the options, is ignored (the sensor learns afresh) and false is returned.
    /// </summary>
    public bool Restore(string sensorId, CalibrationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ISensorCalibrator? restored = (Options.Method, state) switch
        {
            (CalibrationMethod.Likelihood, LikelihoodState s) => AnomalyLikelihood.From(s, Options.Likelihood),
            (CalibrationMethod.DynamicThreshold, DynamicThresholdState s) => DynamicThreshold.From(s, Options.DynamicThreshold),
            _ => null,
        };
        lock (_lock)
        {
            if (restored is null)
            {
                _sensors.Remove(sensorId);
                return false;
            }

            _sensors[sensorId] = restored;
            return true;
        }
    }

    /// <summary>Drops a sensor's state; it learns afresh if it comes back.</summary>
    public bool Forget(string sensorId)
    {
        lock (_lock)
        {
            return _sensors.Remove(sensorId);
        }
    }

    private ISensorCalibrator Create(string modelVersion) => Options.Method switch
    {
        CalibrationMethod.Likelihood => new AnomalyLikelihood(Options.Likelihood, modelVersion),
        CalibrationMethod.DynamicThreshold => new DynamicThreshold(Options.DynamicThreshold, modelVersion),
        _ => throw new InvalidOperationException($"No calibrator for method {Options.Method}."),
    };
}
