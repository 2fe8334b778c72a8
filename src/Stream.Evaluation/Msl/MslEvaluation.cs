using System.Diagnostics;
using StreamAE.Evaluation.Detectors;
using StreamAE.Evaluation.Running;

namespace StreamAE.Evaluation.Msl;

/// <summary>
/// Runs a detector over the MSL channels: train on each channel's training rows, then stream the training rows and
/// then the test rows through the pipeline, as on NAB where the probationary rows are streamed too: the online
/// calibration learns the channel on the rows the detector was trained on, and only the test rows are scored.
/// Predicted anomalous intervals are alert episodes, from their opening to their last anomalous window.
/// </summary>
public static class MslEvaluation
{
    public static MslDetectorResult Run(
        IDetector detector,
        IReadOnlyList<MslChannel> channels,
        DetectorSettings settings,
        IReadOnlyList<int> cooldowns,
        Action<MslChannel>? onChannelDone = null,
        int parallelism = 1)
    {
        if (cooldowns.Count == 0)
        {
            throw new ArgumentException("At least one cool-down is needed.", nameof(cooldowns));
        }

        var clock = Stopwatch.StartNew();
        var results = new MslChannelResult[channels.Count];
        Parallel.For(0, channels.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i =>
        {
            var channel = channels[i];
            using var model = DetectorTrainer.Train(detector, [channel.Train], settings);
            var stream = Concat(channel.Train, channel.Test);
            var run = CausalRunner.Run(stream, model, cooldowns[0], settings.Calibration);
            results[i] = new MslChannelResult(channel, run.Slice(channel.Train.Length, cooldowns[0]));
            onChannelDone?.Invoke(channel);
        });

        return Score(detector.Name, results, cooldowns, clock.Elapsed);
    }

    /// <summary>The same runs judged without calibration (raw scores against the threshold from training rows): what <c>/raw</c> gives.</summary>
    public static MslDetectorResult Uncalibrated(MslDetectorResult calibrated) =>
        Score(
            calibrated.Detector + "/raw",
            calibrated.Channels.Select(c => new MslChannelResult(c.Channel, c.Run.Uncalibrated(calibrated.Cooldowns[0].CooldownWindows))).ToArray(),
            calibrated.Cooldowns.Select(c => c.CooldownWindows).ToArray(),
            calibrated.Elapsed);

    private static MslDetectorResult Score(string name, MslChannelResult[] results, IReadOnlyList<int> cooldowns, TimeSpan elapsed)
    {

        var perCooldown = cooldowns.Select(c =>
        {
            var counts = new List<EventCounts>();
            var delays = new List<int>();
            foreach (var r in results)
            {
                var predicted = Predicted(r.Run.Scores, r.Run.Threshold, c);
                counts.Add(DetectionMetrics.EventWise(r.Channel.Anomalies, predicted));
                delays.AddRange(DetectionMetrics.Delays(r.Channel.Anomalies, predicted).OfType<int>());
            }

            return new MslCooldownResult(c, EventCounts.Sum(counts), delays.Count == 0 ? double.NaN : delays.Average());
        }).ToArray();

        var points = EventCounts.Sum(results.Select(r =>
            DetectionMetrics.PointWise(r.Channel.PointLabels(), r.Run.Scores.Select(s => s > r.Run.Threshold).ToArray())));
        var prAuc = DetectionMetrics.AveragePrecision(
            results.SelectMany(r => r.Run.RawScores).ToArray(),
            results.SelectMany(r => r.Channel.PointLabels()).ToArray());
        return new MslDetectorResult(name, perCooldown, points, prAuc, results, elapsed);
    }

    /// <summary>Alert episodes at a cool-down as predicted intervals: from the opening row to the last anomalous row.</summary>
    public static IReadOnlyList<Interval> Predicted(double[] scores, double threshold, int cooldownWindows) =>
        EpisodeReplay.Episodes(scores, threshold, cooldownWindows).Select(e => new Interval(e.OpenRow, e.LastAnomalousRow)).ToArray();

    private static Models.Data.TrainingSeries Concat(Models.Data.TrainingSeries head, Models.Data.TrainingSeries tail) =>
        new(tail.SensorId, tail.ChannelNames, [.. head.Values, .. tail.Values], [.. head.Timestamps, .. tail.Timestamps]);
}
