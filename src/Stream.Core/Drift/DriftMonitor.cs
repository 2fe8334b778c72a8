using StreamAE.Core.Domain;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;

namespace StreamAE.Core.Drift;

/// <summary>
/// Watches each sensor's score stream and inputs for drift under the model in service, label-free: a
/// <see cref="PageHinkleyTest"/> on the windows scoring above the model's held-out 90th percentile (1 above, 0 below), and an
/// <see cref="InputRangeCheck"/> of the readings against the training normalisation. Each test reports a sensor once
/// per model version (a <see cref="DriftEvent"/>, the <see cref="DriftStatus"/>, the drift metrics); a new model
/// starts every sensor afresh. Feed it every scored window (<see cref="Observe(ScoredBatch)"/>, or the per-window
/// overload for another score stream, such as a calibrated probability, with its own reference). At most
/// <c>maxSensors</c> sensors are tracked, the least recently seen dropped first. Not thread-safe: one scoring thread.
/// </summary>
public sealed class DriftMonitor
{
    private readonly DriftOptions _options;
    private readonly int _maxSensors;
    private readonly StreamAeMetrics? _metrics;
    private readonly double _smoothing;
    private readonly Dictionary<string, LinkedListNode<SensorDrift>> _sensors = new(StringComparer.Ordinal);
    private readonly LinkedList<SensorDrift> _recency = new();

    public DriftMonitor(DriftOptions options, int maxSensors = int.MaxValue, DriftStatus? status = null, StreamAeMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSensors, 1);
        _options = options;
        _maxSensors = maxSensors;
        _metrics = metrics;
        _smoothing = 2.0 / (options.InputSmoothing + 1);
        Status = status ?? new DriftStatus();
    }

    public DriftStatus Status { get; }

    public int TrackedSensors => _sensors.Count;

    /// <summary>The raw-score stream of a scored batch, against the reference of the model that scored it.</summary>
    public IReadOnlyList<DriftEvent> Observe(ScoredBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Model.Drift is not { } reference)
        {
            return [];
        }

        var events = new List<DriftEvent>();
        foreach (var score in batch.Scores)
        {
            Observe(batch.Model.Descriptor, reference, score.Window, score.Score, events);
        }

        return events;
    }

    /// <summary>One window's score (raw or calibrated) against <paramref name="reference"/>; the events it raises are added to <paramref name="events"/>.</summary>
    public void Observe(ModelDescriptor model, DriftReference reference, SensorWindow window, double score, ICollection<DriftEvent> events)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(events);
        var sensor = Track(window.SensorId, model.Version, window.Channels);
        sensor.Windows++;

        if (reference.HasScoreLevel && double.IsFinite(score)
            && sensor.Score.Add(score > reference.ScoreLevel ? 1 : 0, _options.ScoreSlack, _options.ScoreLimit, window.End)
            && sensor.ScoreDriftSince is null)
        {
            sensor.ScoreDriftSince = sensor.Score.Since ?? window.End;
            events.Add(Report(sensor, model, window, DriftStatistic.ScoreLevel, sensor.Score.Sum, _options.ScoreLimit, sensor.ScoreDriftSince.Value, null, null));
        }

        if (reference.InputMean.Length == window.Channels
            && sensor.Input.Add(window, reference, _smoothing, _options.InputLimit)
            && sensor.InputDriftSince is null)
        {
            sensor.InputDriftSince = sensor.Input.Since ?? window.End;
            var channel = sensor.Input.WorstChannel < model.ChannelNames.Count ? model.ChannelNames[sensor.Input.WorstChannel] : $"#{sensor.Input.WorstChannel}";
            events.Add(Report(sensor, model, window, DriftStatistic.InputRange, sensor.Input.Rms, _options.InputLimit, sensor.InputDriftSince.Value, channel, sensor.Input.Level));
        }
    }

    /// <summary>The sensor's state for its checkpoint, or null when it has none.</summary>
    public DriftState? Export(string sensorId)
    {
        if (!_sensors.TryGetValue(sensorId, out var node))
        {
            return null;
        }

        var s = node.Value;
        var (meanSquare, level) = s.Input.Export();
        return new DriftState(s.ModelVersion, s.Windows, s.Score.Count, s.Score.Mean, s.Score.Sum, s.Score.Since, s.ScoreDriftSince, meanSquare, level, s.Input.Since, s.InputDriftSince);
    }

    /// <summary>Continues a sensor from its checkpoint; its reported drift counts again in <see cref="Status"/>.</summary>
    public void Restore(string sensorId, DriftState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Forget(sensorId);
        var sensor = Track(sensorId, state.ModelVersion, state.InputMeanSquare.Length);
        sensor.Windows = state.Windows;
        sensor.Score.Restore(state.ScoreCount, state.ScoreMean, state.ScoreSum, state.ScoreSince);
        sensor.Input.Restore(state.InputMeanSquare, state.InputLevel, state.InputSince);
        sensor.ScoreDriftSince = state.ScoreDriftSince;
        sensor.InputDriftSince = state.InputDriftSince;
        if (state.ScoreDriftSince is { } scoreSince)
        {
            Status.Report(new DriftStatus.Entry(sensorId, DriftStatistic.ScoreLevel, state.ModelVersion, scoreSince));
        }

        if (state.InputDriftSince is { } inputSince)
        {
            Status.Report(new DriftStatus.Entry(sensorId, DriftStatistic.InputRange, state.ModelVersion, inputSince));
        }
    }

    /// <summary>Drops a sensor's state (partition revoked, sensor evicted).</summary>
    public bool Forget(string sensorId)
    {
        Status.Clear(sensorId);
        if (!_sensors.Remove(sensorId, out var node))
        {
            return false;
        }

        _recency.Remove(node);
        return true;
    }

    private SensorDrift Track(string sensorId, string modelVersion, int channels)
    {
        if (_sensors.TryGetValue(sensorId, out var node))
        {
            _recency.Remove(node);
            _recency.AddLast(node);
            var known = node.Value;
            if (known.ModelVersion == modelVersion && known.Input.Channels == channels)
            {
                return known;
            }

            // A new model (or another channel layout): its fit is judged afresh.
            Status.Clear(sensorId);
            node.Value = new SensorDrift(sensorId, modelVersion, channels);
            return node.Value;
        }

        if (_sensors.Count >= _maxSensors && _recency.First is { } oldest)
        {
            Forget(oldest.Value.SensorId);
        }

        var sensor = new SensorDrift(sensorId, modelVersion, channels);
        _sensors.Add(sensorId, _recency.AddLast(sensor));
        return sensor;
    }

    private DriftEvent Report(SensorDrift sensor, ModelDescriptor model, SensorWindow window, DriftStatistic statistic, double value, double limit, DateTimeOffset since, string? channel, double? level)
    {
        Status.Report(new DriftStatus.Entry(window.SensorId, statistic, model.Version, since));
        _metrics?.DriftReported(model, statistic.MetricTag());
        return new DriftEvent
        {
            Id = DriftEvent.MakeId(window.SensorId, statistic, window.End, model.Version),
            SensorId = window.SensorId,
            Statistic = statistic,
            Value = value,
            Limit = limit,
            Channel = channel,
            Level = level,
            Since = since,
            DetectedAt = window.End,
            Windows = sensor.Windows,
            ModelName = model.Name,
            ModelVersion = model.Version,
            Position = window.LastPosition,
        };
    }

    /// <summary>One sensor's tests under one model.</summary>
    private sealed class SensorDrift(string sensorId, string modelVersion, int channels)
    {
        public string SensorId { get; } = sensorId;

        public string ModelVersion { get; } = modelVersion;

        public long Windows { get; set; }

        public PageHinkleyTest Score { get; } = new();

        public InputRangeCheck Input { get; } = new(channels);

        public DateTimeOffset? ScoreDriftSince { get; set; }

        public DateTimeOffset? InputDriftSince { get; set; }
    }
}
