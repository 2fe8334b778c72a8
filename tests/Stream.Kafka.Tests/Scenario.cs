using StreamAE.Core.Alerts;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Kafka.Tests;

/// <summary>
/// Readings of several two-channel sensors with injected spikes, and the alerts an uninterrupted in-memory run of the
/// same Core pieces produces for them (the reference every Kafka test compares with).
/// </summary>
internal sealed class Scenario
{
    public const int WindowLength = 8;
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly ModelDescriptor Model = new("spike", "v1", "test", WindowLength, ["a", "b"]);
    public static readonly AnomalyThreshold Threshold = new(5.0);

    public Scenario(int sensors, int readingsPerSensor, int spikeEvery = 50, CalibrationOptions? calibration = null)
    {
        var readings = new List<Reading>();
        for (var t = 0; t < readingsPerSensor; t++)
        {
            for (var s = 0; s < sensors; s++)
            {
                var spike = t > 20 && (t + (s * 7)) % spikeEvery == 0;
                var a = spike ? 9f + s : MathF.Sin((t + s) * 0.3f);
                var b = MathF.Cos((t * 0.2f) + s) * 0.5f;
                readings.Add(new Reading($"sensor-{s:00}", T0.AddSeconds(t), [a, b]));
            }
        }

        Readings = readings;
        Expected = Reference(readings, calibration);
    }

    public IReadOnlyList<Reading> Readings { get; }

    public IReadOnlyList<Alert> Expected { get; }

    public static WindowingOptions Windowing => new() { WindowLength = WindowLength, Hop = 1 };

    public static EpisodeOptions Episodes => new() { CooldownWindows = 3, TopChannels = 2 };

    public static PipelineOptions Pipeline => new() { MaxBatchSize = 32, MaxBatchWait = TimeSpan.FromMilliseconds(5) };

    /// <summary>The pipeline settings with a smaller input channel (the Kafka source pauses its partitions when it fills).</summary>
    public static PipelineOptions PipelineWithCapacity(int capacity) => new() { MaxBatchSize = 32, MaxBatchWait = TimeSpan.FromMilliseconds(5), ChannelCapacity = capacity };

    public static ModelSlot NewModelSlot(ManualResetEventSlim? gate = null) => new(new ScoringModel(new SpikeScorer(Model, gate), Threshold));

    /// <summary>What identifies an alert event for comparisons: id and state (ids are deterministic).</summary>
    public static string Key(Alert alert) => $"{alert.Id}/{alert.State}/{alert.EpisodeId}";

    /// <summary>Small learning and re-estimation periods, so a few hundred readings per sensor exercise the whole likelihood.</summary>
    public static CalibrationOptions QuickLikelihood => new() { Likelihood = { LearningWindows = 40, ReestimationPeriod = 25, HistoryWindows = 200 } };

    public static List<Alert> Reference(IEnumerable<Reading> readings, CalibrationOptions? calibration = null)
    {
        var assembler = new SlidingWindowAssembler(Windowing);
        var tracker = new AlertEpisodeTracker(Episodes);
        using var model = new ScoringModel(new SpikeScorer(Model), Threshold);
        var calibrate = new ScoreCalibration(calibration ?? CalibrationOptions.Off);
        var alerts = new List<Alert>();
        foreach (var reading in readings)
        {
            assembler.Add(reading, out var window);
            if (window is not null)
            {
                var score = model.Scorer.Score([window])[0];
                alerts.AddRange(tracker.Process(score, calibrate.Calibrate(score, model), Model));
            }
        }

        return alerts;
    }
}
