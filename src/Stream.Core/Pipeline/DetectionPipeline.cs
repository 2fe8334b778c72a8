using System.Diagnostics;
using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Core.Alerts;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Observability;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// The streaming core, as Rx stages: readings → per-sensor sliding windows → batches across sensors (max size, max
/// wait, or on demand) → scorer → per-sensor calibration → alert level → alert episodes. Every source (files, Kafka)
/// goes through these same stages; each stage is public so tests and tools can use it alone.
/// Rx has no backpressure: the caller feeds readings from a bounded channel (see <see cref="PipelineRunner"/>).
/// Each batch is scored under a <see cref="ModelLease"/>, so a hot model swap lands between batches.
/// The pipeline also owns all per-sensor state (window, calibration, online scorer, episode, and the stages registered
/// beside it) and exports, restores and forgets it as one <see cref="SensorSnapshot"/> per sensor: what a checkpoint holds.
/// </summary>
public sealed partial class DetectionPipeline
{
    private readonly PipelineOptions _options;
    private readonly ModelSlot _models;
    private readonly IScheduler _scheduler;
    private readonly ReadingValidator _validator;
    private readonly StreamAeMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly List<ISensorStateOwner> _stateOwners = [];

    public DetectionPipeline(
        WindowingOptions windowing,
        PipelineOptions options,
        EpisodeOptions episodes,
        ModelSlot models,
        BadInputHandler badInput,
        IScheduler? scheduler = null,
        InputLimits? limits = null,
        StreamAeMetrics? metrics = null,
        CalibrationOptions? calibration = null,
        ILogger? logger = null)
    {
        var model = models.Current.Descriptor;
        if (model.WindowLength != windowing.WindowLength)
        {
            throw new ArgumentException(
                $"Pipeline:WindowLength is {windowing.WindowLength} but model '{model.Name}' {model.Version} expects windows of {model.WindowLength} readings.",
                nameof(windowing));
        }

        _options = options;
        _models = models;
        BadInput = badInput;
        _scheduler = scheduler ?? DefaultScheduler.Instance;
        Limits = limits ?? new InputLimits();
        _validator = new ReadingValidator(Limits);
        _metrics = metrics;
        _logger = logger ?? NullLogger.Instance;
        Assembler = new SlidingWindowAssembler(windowing, Limits.MaxSensors);
        Calibration = new ScoreCalibration(calibration ?? CalibrationOptions.Off);
        Assembler.SensorEvicted += OnSensorEvicted;
        Assembler.ResumeLost += (sensor, point, offset) => LogResumeLost(_logger, sensor, point.LastOffset, offset);
        Episodes = new AlertEpisodeTracker(episodes);
        ScoreGuard = new ScoreGuard(Counters, metrics, badInput.Logger);
        metrics?.ObserveSensorsTracked(() => Assembler.TrackedSensors);
    }

    /// <summary>The last windows built, for smoke-testing a new model on real data before a swap.</summary>
    public RecentWindows Recent { get; } = new(256);

    public PipelineCounters Counters { get; } = new();

    public SlidingWindowAssembler Assembler { get; }

    public AlertEpisodeTracker Episodes { get; }

    /// <summary>Checks every score a model returns: a non-finite or overflowing one is capped and flagged, never passed on.</summary>
    public ScoreGuard ScoreGuard { get; }

    /// <summary>Per-sensor calibration of raw scores (off unless calibration options were given).</summary>
    public ScoreCalibration Calibration { get; }

    /// <summary>Called with each window's score and its calibrated judgement, in window order (evaluation, plots).</summary>
    public Action<WindowScore, CalibratedScore>? OnCalibrated { get; set; }

    public ModelSlot Models => _models;

    public PipelineOptions Options => _options;

    public InputLimits Limits { get; }

    /// <summary>Where every rejected record is counted, logged and (for Kafka) forwarded to the dead-letter topic.</summary>
    public BadInputHandler BadInput { get; }

    /// <summary>Readings to windows. Readings that fail validation or come out of order are reported as bad input.</summary>
    public IObservable<SensorWindow> ToWindows(IObservable<Reading> readings) =>
        Observable.Create<SensorWindow>(observer => readings.Subscribe(
            reading =>
            {
                SensorWindow? window;
                try
                {
                    window = Window(reading);
                }
                catch (Exception ex) when (ex is not BadInputException and not OutOfMemoryException)
                {
                    // One reading must not stop the service: it is reported as bad input (Kafka dead-letters it) and the stream goes on.
                    LogReadingFailed(_logger, PositionOf(reading).ToString(), ex);
                    BadInput.Report(SkipReason.ProcessingFailed, PositionOf(reading), $"{ex.GetType().Name}: {ex.Message}", reading.Message);
                    return;
                }

                if (window is not null)
                {
                    observer.OnNext(window);
                }
            },
            observer.OnError,
            observer.OnCompleted));

    /// <summary>Windows to batches across sensors: a batch closes at <see cref="PipelineOptions.MaxBatchSize"/> windows, after <see cref="PipelineOptions.MaxBatchWait"/>, or when <paramref name="flushes"/> fires.</summary>
    public IObservable<IList<SensorWindow>> ToBatches(IObservable<SensorWindow> windows, IObservable<Unit>? flushes = null) =>
        windows.Batch(_options.MaxBatchSize, _options.MaxBatchWait, _scheduler, flushes);

    /// <summary>Scores each batch with the model in service when the batch is scored (a hot swap lands between batches).</summary>
    public IObservable<ScoredBatch> Score(IObservable<IList<SensorWindow>> batches) =>
        batches.Select(batch => ScoreBatch((IReadOnlyList<SensorWindow>)batch));

    /// <summary>
    /// Scores one batch under a lease on the model in service: the whole batch sees one model, and a model swapped
    /// out meanwhile is disposed only after the batch is done.
    /// </summary>
    public ScoredBatch ScoreBatch(IReadOnlyList<SensorWindow> batch)
    {
        using var lease = _models.Acquire();
        var model = lease.Model;
        using var activity = StreamAeActivities.StartScoreBatch(batch.Count, model.Descriptor);
        var started = Stopwatch.GetTimestamp();
        var scores = model.Scorer.Score(batch);
        if (scores.Count != batch.Count)
        {
            throw new InvalidOperationException($"Model '{model.Descriptor.Name}' {model.Descriptor.Version} returned {scores.Count} scores for {batch.Count} windows.");
        }

        // Every scorer's output passes one check: thresholds, episodes and sinks only ever see finite scores.
        scores = ScoreGuard.Apply(scores, model.Descriptor);

        Counters.AddBatch();
        Counters.AddScored(batch.Count);
        _metrics?.RecordBatch(batch.Count, Stopwatch.GetElapsedTime(started), model.Descriptor);
        return new ScoredBatch(model, scores);
    }

    /// <summary>Calibration, alert level and episodes: the alerts (open/close events) that a scored batch produces.</summary>
    public IObservable<Alert> ToAlerts(IObservable<ScoredBatch> scored) =>
        scored.SelectMany(AlertsOf);

    /// <summary>
    /// Judges one scored batch — each window's score calibrated for its sensor, compared with the alert level, fed to its
    /// episode — and returns the alert events it makes, in window order, each with the version of the model that scored it.
    /// </summary>
    public IReadOnlyList<Alert> AlertsOf(ScoredBatch batch)
    {
        using var activity = StreamAeActivities.StartJudgeBatch(batch.Scores.Count, batch.Model.Descriptor);
        var alerts = new List<Alert>();
        foreach (var score in batch.Scores)
        {
            var judged = Calibration.Calibrate(score, batch.Model);
            OnCalibrated?.Invoke(score, judged);
            if (judged.IsAnomalous)
            {
                Counters.AddAnomalousWindow();
            }

            foreach (var alert in Episodes.Process(score, judged, batch.Model.Descriptor))
            {
                if (alert.State == EpisodeState.Open)
                {
                    Counters.AddOpened();
                    _metrics?.AlertOpened();
                }
                else
                {
                    Counters.AddClosed();
                    _metrics?.AlertClosed();
                }

                alerts.Add(alert);
            }
        }

        activity?.SetTag("streamae.alerts", alerts.Count);
        return alerts;
    }

    /// <summary>The whole chain, with an optional tap on every scored batch (evaluation, plots).</summary>
    public IObservable<Alert> Build(IObservable<Reading> readings, Action<ScoredBatch>? onScored = null) =>
        Build(readings, null, onScored);

    /// <summary>The whole chain; <paramref name="flushes"/> closes the open batch on demand (see <see cref="PipelineRunner"/>).</summary>
    public IObservable<Alert> Build(IObservable<Reading> readings, IObservable<Unit>? flushes, Action<ScoredBatch>? onScored = null)
    {
        var scored = Score(ToBatches(ToWindows(readings), flushes));
        return ToAlerts(onScored is null ? scored : scored.Do(onScored));
    }

    /// <summary>A record its source could not turn into a reading (unparsable, too large): counted as consumed, then reported as bad input.</summary>
    public void Reject(RejectedInput rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        Counters.AddReading();
        _metrics?.AddReadings();
        BadInput.Report(rejected.Reason, rejected.Position, rejected.Detail, rejected.Message);
    }

    /// <summary>Registers a stage's per-sensor state, to be exported, restored and forgotten with the pipeline's own.</summary>
    public void AddSensorState(ISensorStateOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        _stateOwners.Add(owner);
    }

    /// <summary>The sensor's state for a checkpoint, or null when it is not tracked or its readings carry no source position.</summary>
    public SensorSnapshot? Export(string sensorId)
    {
        if (Assembler.Export(sensorId) is not { } window)
        {
            return null;
        }

        Dictionary<string, System.Text.Json.JsonElement>? extensions = null;
        foreach (var owner in _stateOwners)
        {
            if (owner.Export(sensorId) is { } state)
            {
                (extensions ??= new(StringComparer.Ordinal))[owner.Name] = state;
            }
        }

        return new SensorSnapshot(sensorId, window, Episodes.Export(sensorId), extensions)
        {
            Calibration = Calibration.Export(sensorId),
            Scorer = (_models.Current.Scorer as IOnlineScorer)?.Export(sensorId),
        };
    }

    /// <summary>Restores a sensor from its checkpoint (replacing whatever the pipeline held for it).</summary>
    public void Restore(SensorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Forget(snapshot.SensorId);
        Assembler.Restore(snapshot.SensorId, snapshot.Window);
        if (snapshot.Episode is { } episode)
        {
            Episodes.Restore(episode);
        }

        // What the sensor learned online; a state of another model version is discarded (the sensor learns afresh).
        if (snapshot.Calibration is { } calibration)
        {
            Calibration.Restore(snapshot.SensorId, calibration);
        }

        if (snapshot.Scorer is { } scorer)
        {
            (_models.Current.Scorer as IOnlineScorer)?.Restore(snapshot.SensorId, scorer);
        }

        foreach (var owner in _stateOwners)
        {
            if (snapshot.Extensions?.TryGetValue(owner.Name, out var state) == true)
            {
                owner.Restore(snapshot.SensorId, state);
            }
        }
    }

    /// <summary>Drops everything held for a sensor (its partition was revoked); nothing is emitted.</summary>
    public void Forget(string sensorId)
    {
        Assembler.Forget(sensorId);
        ForgetState(sensorId);
    }

    /// <summary>Sensors whose state changed since the last call: the ones whose checkpoints are out of date.</summary>
    public IReadOnlyList<string> TakeChangedSensors() => Assembler.TakeChanged();

    /// <summary>One reading through validation and the windower; the window it completes, if any.</summary>
    private SensorWindow? Window(Reading reading)
    {
        Counters.AddReading();
        _metrics?.AddReadings();
        if (_validator.Check(reading, _models.Current.Descriptor.Channels) is { } problem)
        {
            BadInput.Report(problem.Reason, PositionOf(reading), problem.Detail, reading.Message);
            return null;
        }

        var result = Assembler.Add(reading, out var window);
        switch (result)
        {
            case WindowAddResult.AlreadyProcessed:
                Counters.AddReplayed();
                return null;
            case WindowAddResult.OutOfOrder:
                Counters.AddOutOfOrder();
                BadInput.Report(SkipReason.OutOfOrder, PositionOf(reading), $"sensor '{SensorIdDisplay.Shorten(reading.SensorId)}' timestamp {reading.Timestamp:O} is before its previous reading", reading.Message);
                return null;
            case WindowAddResult.Duplicate:
                Counters.AddDuplicate();
                BadInput.Report(SkipReason.DuplicateTimestamp, PositionOf(reading), $"sensor '{SensorIdDisplay.Shorten(reading.SensorId)}' timestamp {reading.Timestamp:O} repeats its previous reading's", reading.Message);
                return null;
            case WindowAddResult.Replayed:
                Counters.AddAccepted();
                Counters.AddReplayed();
                return null;
            case WindowAddResult.GapRestart or WindowAddResult.ChannelCountRestart:
                Counters.AddRestart();
                break;
        }

        Counters.AddAccepted();
        if (window is not null)
        {
            Counters.AddWindow();
            Recent.Add(window);
        }

        return window;
    }

    private SourcePosition PositionOf(Reading reading) => reading.Position ?? new SourcePosition(reading.SensorId, -1, Counters.Readings);

    /// <summary>Everything but the window (the windower drops that itself on eviction).</summary>
    private void ForgetState(string sensorId)
    {
        Episodes.Forget(sensorId);
        Calibration.Forget(sensorId);
        (_models.Current.Scorer as IOnlineScorer)?.Forget(sensorId);
        foreach (var owner in _stateOwners)
        {
            owner.Forget(sensorId);
        }
    }

    private void OnSensorEvicted(string sensorId)
    {
        ForgetState(sensorId);
        _metrics?.SensorEvicted();
        var evicted = Assembler.EvictedSensors;
        if (LogSampling.ShouldLog(evicted))
        {
            LogSensorEvicted(_logger, sensorId, Assembler.MaxSensors, evicted);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing the reading at {Position} failed; it is reported as bad input and the stream goes on")]
    private static partial void LogReadingFailed(ILogger logger, string position, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {Sensor} evicted: Limits:MaxSensors ({MaxSensors}) reached and it was the least recently seen ({Evicted} evicted so far)")]
    private static partial void LogSensorEvicted(ILogger logger, string sensor, int maxSensors, long evicted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {Sensor} resumes from a checkpoint ending at offset {LastOffset} but its first reading now is at {Offset}: its window restarts empty")]
    private static partial void LogResumeLost(ILogger logger, string sensor, long lastOffset, long offset);
}
