using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Core.Alerts;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;
using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Running;

/// <summary>
/// Replays a series, reading by reading, through the real <see cref="DetectionPipeline"/> (windows → batches → scorer →
/// calibration → alert level → episodes), so each row is scored from its past only, exactly as in production. Batches close on size
/// only (a never-advanced virtual clock replaces the batch timer), which makes runs deterministic.
/// </summary>
public static class CausalRunner
{
    public static SeriesRun Run(TrainingSeries series, ScoringModel model, int cooldownWindows, CalibrationOptions? calibration = null, int maxBatchSize = 256)
    {
        calibration ??= CalibrationOptions.Off;
        var windowing = new WindowingOptions { WindowLength = model.Descriptor.WindowLength, Hop = 1 };
        var options = new PipelineOptions { MaxBatchSize = maxBatchSize, MaxBatchWait = TimeSpan.FromDays(1) };
        var episodesOptions = new EpisodeOptions { CooldownWindows = cooldownWindows };
        var badInput = new BadInputHandler(BadInputPolicy.Fail, new IngestCounters(), NullLogger.Instance);
        var pipeline = new DetectionPipeline(windowing, options, episodesOptions, new ModelSlot(model), badInput, new HistoricalScheduler(), calibration: calibration);

        var scores = new double[series.Length];
        var raw = new double[series.Length];
        Array.Fill(scores, double.NaN);
        Array.Fill(raw, double.NaN);
        var level = calibration.Method == CalibrationMethod.None ? model.Threshold.Overall : calibration.AlertLevel;
        pipeline.OnCalibrated = (s, judged) =>
        {
            var row = RowOf(s.Window.LastPosition);
            scores[row] = judged.Value;
            raw[row] = judged.Raw;
        };
        var opens = new List<int>();
        var closes = new List<int>();
        Exception? failure = null;
        using var input = new Subject<Reading>();
        using (pipeline.Build(input).Subscribe(
            alert => (alert.State == EpisodeState.Open ? opens : closes).Add(RowOf(alert.Position)),
            error => failure = error))
        {
            var channels = series.Channels;
            for (var i = 0; i < series.Length; i++)
            {
                var values = series.Values.AsSpan(i * channels, channels).ToArray();
                input.OnNext(new Reading(series.SensorId, series.Timestamps[i], values) { Position = new SourcePosition(series.SensorId, -1, i) });
            }

            input.OnCompleted();
        }

        if (failure is not null)
        {
            throw new InvalidOperationException($"The pipeline failed on {series.SensorId}: {failure.Message}", failure);
        }

        return new SeriesRun(series.SensorId, scores, level, Pair(opens, closes, scores, level))
        {
            RawScores = raw,
            Calibrated = calibration.Method != CalibrationMethod.None,
            RawThreshold = model.Threshold.Overall,
        };
    }

    private static int RowOf(SourcePosition? position) =>
        position is { } p ? checked((int)p.Offset) : throw new InvalidOperationException("A window lost its source position.");

    /// <summary>Pairs each Open alert with the next Closed one and finds the episode's last anomalous row.</summary>
    private static List<AlertEpisode> Pair(List<int> opens, List<int> closes, double[] scores, double threshold)
    {
        var episodes = new List<AlertEpisode>(opens.Count);
        for (var k = 0; k < opens.Count; k++)
        {
            int? close = k < closes.Count ? closes[k] : null;
            var end = close ?? scores.Length;
            var last = opens[k];
            for (var i = opens[k]; i < end; i++)
            {
                if (scores[i] > threshold)
                {
                    last = i;
                }
            }

            episodes.Add(new AlertEpisode(opens[k], last, close));
        }

        return episodes;
    }
}
