using StreamAE.Core.Domain;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;
using StreamAE.Models.Thresholds;

namespace StreamAE.Models.Arp;

/// <summary>
/// Fits the AR(p) baseline and calibrates its threshold: coefficients on the first part of the training rows,
/// threshold from the scores of windows in the held-out end (no look-ahead), saved as a bundle.
/// </summary>
public static class ArpTrainer
{
    public sealed record Options(int Order = 8, int WindowLength = 32, int Hop = 1, double ValidationFraction = 0.2, double Quantile = ThresholdCalibrator.DefaultQuantile, string Name = "arp-baseline");

    public static ModelBundle Train(IReadOnlyList<TrainingSeries> series, Options options, string outDirectory, string? dataSource = null)
    {
        if (series.Count == 0)
        {
            throw new ArgumentException("No training series.", nameof(series));
        }

        var channels = series[0].ChannelNames;
        var fit = new List<TrainingSeries>();
        var validation = new List<TrainingSeries>();
        foreach (var s in series)
        {
            var validationRows = (int)(s.Length * options.ValidationFraction);
            if (validationRows < options.WindowLength)
            {
                validationRows = 0; // too short to hold out windows: calibrate on the fitted rows instead.
            }

            fit.Add(s.Slice(0, s.Length - validationRows));
            if (validationRows > 0)
            {
                validation.Add(s.Slice(s.Length - validationRows, validationRows));
            }
        }

        var normalization = Normalization.Fit(fit);
        var model = ArpFitter.Fit(fit, normalization, options.Order);
        var createdAt = DateTimeOffset.UtcNow;
        var fingerprint = TrainingSeries.Fingerprint(series);
        var version = $"{createdAt:yyyyMMdd'T'HHmmss'Z'}-{fingerprint[7..15]}";
        var descriptor = new ModelDescriptor(options.Name, version, ArpBundle.Kind, options.WindowLength, channels);
        using var scorer = new ArpScorer(descriptor, model, normalization);
        var calibration = validation.Count > 0 ? validation : fit;
        var scores = calibration.SelectMany(s => scorer.Score(s.Windows(options.WindowLength, options.Hop).ToList())).ToList();
        var threshold = ThresholdCalibrator.FromScores(scores, options.Quantile);

        var manifest = new ModelManifest
        {
            Kind = ArpBundle.Kind,
            Name = options.Name,
            Version = version,
            WindowLength = options.WindowLength,
            Hop = options.Hop,
            Channels = channels,
            Normalization = new NormalizationInfo(normalization.Mean, normalization.Std),
            Threshold = new ThresholdInfo(threshold.Overall, threshold.PerChannel?.ToArray(), threshold.Method),
            Parameters = ArpBundle.WriteParameters(model),
            Training = new TrainingInfo
            {
                DataFingerprint = fingerprint,
                DataSource = dataSource,
                Rows = series.Sum(s => s.Length),
                Windows = scores.Count,
                ValidationScores = ScoreDistribution.Of(scores.Select(s => s.Score).ToArray()),
                CreatedAt = createdAt,
                TrainerVersion = typeof(ArpTrainer).Assembly.GetName().Version?.ToString() ?? "0",
            },
        };
        return ModelBundle.Write(outDirectory, manifest);
    }
}
