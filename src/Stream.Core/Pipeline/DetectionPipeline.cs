using System.Diagnostics;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using StreamAE.Core.Alerts;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Observability;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// The streaming core, as Rx stages: readings → per-sensor sliding windows → batches across sensors (max size, max
/// wait) → scorer → per-sensor calibration → alert level → alert episodes. Each stage is public so tests and tools can use it alone.
/// Rx has no backpressure: the caller feeds readings from a bounded channel (see <see cref="PipelineRunner"/>).
/// Each batch is scored under a <see cref="ModelLease"/>, so a hot model swap lands between batches.
/// </summary>
public sealed class DetectionPipeline
{
    private readonly WindowingOptions _windowing;
    private readonly PipelineOptions _options;
    private readonly ModelSlot _models;
    private readonly IScheduler _scheduler;
    private readonly BadInputHandler _badInput;
    private readonly InputLimits _limits;
    private readonly ReadingValidator _validator;
    private readonly StreamAeMetrics? _metrics;

    public DetectionPipeline(
        WindowingOptions windowing,
        PipelineOptions options,
        EpisodeOptions episodes,
        ModelSlot models,
        BadInputHandler badInput,
        IScheduler? scheduler = null,
        InputLimits? limits = null,
        StreamAeMetrics? metrics = null,
        CalibrationOptions? calibration = null)
    {
        var model = models.Current.Descriptor;
        if (model.WindowLength != windowing.WindowLength)
        {
            throw new ArgumentException(
                $"Pipeline:WindowLength is {windowing.WindowLength} but model '{model.Name}' {model.Version} expects windows of {model.WindowLength} readings.",
                nameof(windowing));
        }

        _windowing = windowing;
        _options = options;
        _models = models;
        _badInput = badInput;
        _scheduler = scheduler ?? DefaultScheduler.Instance;
        _limits = limits ?? new InputLimits();
        _validator = new ReadingValidator(_limits);
        _metrics = metrics;
        Assembler = new SlidingWindowAssembler(windowing, _limits.MaxSensors);
        Calibration = new ScoreCalibration(calibration ?? CalibrationOptions.Off);
        Assembler.SensorEvicted += sensor =>
        {
            metrics?.SensorEvicted();
            Calibration.Forget(sensor); // its online state goes with its window
            (_models.Current.Scorer as IOnlineScorer)?.Forget(sensor);
        };
        Episodes = new AlertEpisodeTracker(episodes);
        metrics?.ObserveSensorsTracked(() => Assembler.TrackedSensors);
    }

    /// <summary>The last windows built, for smoke-testing a new model on real data before a swap.</summary>
    public RecentWindows Recent { get; } = new(256);

    public PipelineCounters Counters { get; } = new();

    public SlidingWindowAssembler Assembler { get; }

    public AlertEpisodeTracker Episodes { get; }

    /// <summary>Per-sensor calibration of raw scores (off unless calibration options were given).</summary>
    public ScoreCalibration Calibration { get; }

    /// <summary>Called with each window's score and its calibrated judgement, in window order (evaluation, plots).</summary>
    public Action<WindowScore, CalibratedScore>? OnCalibrated { get; set; }

    public ModelSlot Models => _models;

    /// <summary>Readings to windows. Readings whose channel count does not fit the model are reported as bad input.</summary>
    public IObservable<SensorWindow> ToWindows(IObservable<Reading> readings) =>
        Observable.Create<SensorWindow>(observer => readings.Subscribe(
            reading =>
            {
                Counters.AddReading();
                _metrics?.AddReadings();
                if (_validator.Check(reading, _models.Current.Descriptor.Channels) is { } problem)
                {
                    _badInput.Report(problem.Reason, reading.Position ?? new SourcePosition(reading.SensorId, -1, Counters.Readings), problem.Detail);
                    return;
                }

                var result = Assembler.Add(reading, out var window);
                switch (result)
                {
                    case WindowAddResult.OutOfOrder:
                        Counters.AddOutOfOrder();
                        _badInput.Report(SkipReason.OutOfOrder, reading.Position ?? default, $"sensor '{reading.SensorId}' timestamp {reading.Timestamp:O} is before its previous reading");
                        return;
                    case WindowAddResult.Duplicate:
                        Counters.AddDuplicate();
                        _badInput.Report(SkipReason.DuplicateTimestamp, reading.Position ?? default, $"sensor '{reading.SensorId}' repeated timestamp {reading.Timestamp:O}");
                        return;
                    case WindowAddResult.GapRestart or WindowAddResult.ChannelCountRestart:
                        Counters.AddRestart();
                        break;
                }

                if (window is not null)
                {
                    Counters.AddWindow();
                    Recent.Add(window);
                    observer.OnNext(window);
                }
            },
            observer.OnError,
            observer.OnCompleted));

    /// <summary>Windows to batches across sensors: a batch closes at <see cref="PipelineOptions.MaxBatchSize"/> windows or after <see cref="PipelineOptions.MaxBatchWait"/>.</summary>
    public IObservable<IList<SensorWindow>> ToBatches(IObservable<SensorWindow> windows) =>
        windows.Buffer(_options.MaxBatchWait, _options.MaxBatchSize, _scheduler).Where(batch => batch.Count > 0);

    /// <summary>Scores each batch with the model in service when the batch is scored (a hot swap lands between batches).</summary>
    public IObservable<ScoredBatch> Score(IObservable<IList<SensorWindow>> batches) =>
        batches.Select(batch => ScoreBatch((IReadOnlyList<SensorWindow>)batch));

    /// <summary>
    /// Scores one batch under a lease on the model in service: the whole batch sees one model, and a model swapped
    /// out meanwhile is disposed only after the batch is done. Reusable by any loop that is not the Rx chain.
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

        Counters.AddBatch();
        Counters.AddScored(batch.Count);
        _metrics?.RecordBatch(batch.Count, Stopwatch.GetElapsedTime(started), model.Descriptor);
        return new ScoredBatch(model, scores);
    }

    /// <summary>Calibration, alert level and episodes: the alerts (open/close events) that a scored batch produces.</summary>
    public IObservable<Alert> ToAlerts(IObservable<ScoredBatch> scored) =>
        scored.SelectMany(ProduceAlerts);

    /// <summary>The alerts of one scored batch, in window order; each carries the version of the model that scored it.</summary>
    public IReadOnlyList<Alert> ProduceAlerts(ScoredBatch batch)
    {
        using var activity = StreamAeActivities.StartProduceAlerts(batch.Scores.Count, batch.Model.Descriptor);
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

    /// <summary>The whole chain, with an optional tap on every scored batch (evaluation, metrics).</summary>
    public IObservable<Alert> Build(IObservable<Reading> readings, Action<ScoredBatch>? onScored = null)
    {
        var scored = Score(ToBatches(ToWindows(readings)));
        return ToAlerts(onScored is null ? scored : scored.Do(onScored));
    }
}
