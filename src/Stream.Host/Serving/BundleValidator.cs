using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;
using StreamAE.Models.Arp;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Bundles;

namespace StreamAE.Host.Serving;

/// <summary>
/// Decides whether a bundle may go into service: the manifest reads and is consistent, the input shape (window
/// length) and channel list match what the pipeline feeds, and a smoke inference on recent real windows gives one
/// finite score per window. Works for any bundle kind <see cref="ModelBundleLoader"/> knows.
/// </summary>
public static class BundleValidator
{
    /// <summary>Recent windows further than this many standard deviations out are not used to smoke-test a bundle.</summary>
    public const double OrdinaryZ = 1e6;

    /// <summary>A loaded, validated model (the caller owns it) and how it was smoke-tested.</summary>
    public sealed record Validated(ScoringModel Model, ModelBundle Bundle, int SmokeWindows, bool SyntheticSmoke);

    /// <exception cref="ModelBundleException">The bundle is unusable; the message says why.</exception>
    public static Validated Validate(string bundleDirectory, int windowLength, IReadOnlyList<string>? channels, IReadOnlyList<SensorWindow> recent, int smokeWindows, OnnxScorerOptions? onnx = null, OnlineArpOptions? onlineArp = null)
    {
        var bundle = ModelBundle.Read(bundleDirectory);
        ModelBundleLoader.EnsureFits(bundle, windowLength, channels);
        var model = ModelBundleLoader.Load(bundle, onnx, onlineArp);
        try
        {
            var m = bundle.Manifest;
            // Windows of extreme readings (which any model overflows on; the score guard caps them) say nothing about the bundle.
            var windows = recent.Where(w => w.Length == m.WindowLength && w.Channels == m.Channels.Count && IsOrdinary(w, m.Normalization))
                .TakeLast(smokeWindows).ToList();
            var synthetic = windows.Count == 0;
            if (synthetic)
            {
                // Nothing seen yet (a reload right after start): a window at the training mean stands in for real data.
                windows.Add(MeanWindow(m));
            }

            IReadOnlyList<WindowScore> scores;
            try
            {
                scores = model.Scorer.Score(windows);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new ModelBundleException(bundleDirectory, $"smoke inference on {windows.Count} window(s) failed: {ex.Message}", ex);
            }

            if (scores.Count != windows.Count)
            {
                throw new ModelBundleException(bundleDirectory, $"smoke inference returned {scores.Count} score(s) for {windows.Count} window(s).");
            }

            var bad = scores.Count(s => !double.IsFinite(s.Score) || s.ChannelErrors.Any(e => !float.IsFinite(e)));
            if (bad > 0)
            {
                throw new ModelBundleException(bundleDirectory, $"smoke inference gave non-finite scores for {bad} of {windows.Count} recent window(s).");
            }

            // The smoke windows must not count as learned: an online scorer starts the real sensors afresh.
            if (model.Scorer is IOnlineScorer online)
            {
                foreach (var sensor in windows.Select(w => w.SensorId).Distinct())
                {
                    online.Forget(sensor);
                }
            }

            return new Validated(model, bundle, windows.Count, synthetic);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Every value within <see cref="OrdinaryZ"/> training standard deviations of the training mean.</summary>
    private static bool IsOrdinary(SensorWindow window, NormalizationInfo normalization)
    {
        for (var i = 0; i < window.Values.Length; i++)
        {
            var c = i % window.Channels;
            var std = Math.Max(normalization.Std[c], 1e-6f);
            if (Math.Abs((window.Values[i] - normalization.Mean[c]) / std) > OrdinaryZ)
            {
                return false;
            }
        }

        return true;
    }

    private static SensorWindow MeanWindow(ModelManifest m)
    {
        var channels = m.Channels.Count;
        var values = new float[m.WindowLength * channels];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = m.Normalization.Mean[i % channels];
        }

        var end = DateTimeOffset.UnixEpoch.AddSeconds(m.WindowLength);
        return new SensorWindow("smoke-test", DateTimeOffset.UnixEpoch, end, m.WindowLength, channels, values);
    }
}
