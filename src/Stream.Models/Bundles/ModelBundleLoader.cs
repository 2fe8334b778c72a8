using System.Text.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.Drift;
using StreamAE.Core.Scoring;
using StreamAE.Models.Arp;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Data;

namespace StreamAE.Models.Bundles;

/// <summary>Turns a bundle into a ready <see cref="ScoringModel"/> (scorer + calibrated threshold), by the manifest's kind.</summary>
public static class ModelBundleLoader
{
    public static ScoringModel Load(string directory, OnnxScorerOptions? onnx = null) => Load(ModelBundle.Read(directory), onnx);

    /// <param name="onnx">ONNX Runtime session settings for the autoencoder kinds (ignored by the AR(p) baseline).</param>
    /// <param name="onlineArp">With <see cref="OnlineArpOptions.Enabled"/>, an AR(p) bundle is scored by <see cref="OnlineArpScorer"/> (ignored by other kinds).</param>
    public static ScoringModel Load(ModelBundle bundle, OnnxScorerOptions? onnx = null, OnlineArpOptions? onlineArp = null)
    {
        var m = bundle.Manifest;
        if (m.Kind == ArpBundle.Kind && m.ScoredSteps is not null)
        {
            throw new ModelBundleException(bundle.Directory, $"{ModelBundle.ManifestFile}: scoredSteps applies to the autoencoders only; an arp bundle cannot have it.");
        }

        var descriptor = new ModelDescriptor(m.Name, m.Version, m.Kind, m.WindowLength, m.Channels);
        var threshold = new AnomalyThreshold(m.Threshold.Overall, m.Threshold.PerChannel, m.Threshold.Method);
        var normalization = new Normalization(m.Normalization.Mean, m.Normalization.Std);
        IWindowScorer scorer = m.Kind switch
        {
            ArpBundle.Kind when onlineArp is { Enabled: true } => new OnlineArpScorer(descriptor, ArpBundle.ReadParameters(bundle), normalization, onlineArp),
            ArpBundle.Kind => new ArpScorer(descriptor, ArpBundle.ReadParameters(bundle), normalization),
            AutoencoderKinds.Ar or AutoencoderKinds.Transformer => AutoencoderBundle.CreateScorer(bundle, onnx),
            _ => throw new ModelBundleException(bundle.Directory, $"{ModelBundle.ManifestFile}: unknown model kind '{m.Kind}'."),
        };
        return new ScoringModel(scorer, threshold, DriftReferenceOf(m));
    }

    /// <summary>The drift checks' reference: the held-out scores' 90th percentile (NaN when the manifest has none) and the training normalisation.</summary>
    public static DriftReference DriftReferenceOf(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var level = manifest.Training.ValidationScores is { Count: > 0 } held ? held.P90 : double.NaN; // the 90th percentile: DriftReference.BundleQuantile
        return new DriftReference(level, manifest.Normalization.Mean, manifest.Normalization.Std);
    }

    /// <summary>Checks that a bundle fits the data it will score; the message says what differs.</summary>
    public static void EnsureFits(ModelBundle bundle, int windowLength, IReadOnlyList<string>? channels)
    {
        var m = bundle.Manifest;
        if (m.WindowLength != windowLength)
        {
            throw new ModelBundleException(bundle.Directory, $"windowLength is {m.WindowLength} but the pipeline is configured for {windowLength} (Pipeline:WindowLength).");
        }

        if (channels is not null && !channels.SequenceEqual(m.Channels, StringComparer.Ordinal))
        {
            throw new ModelBundleException(bundle.Directory, $"channels [{string.Join(", ", m.Channels)}] do not match the data's channels [{string.Join(", ", channels)}].");
        }
    }

    internal static T Parameter<T>(ModelBundle bundle, string name)
    {
        if (!bundle.Manifest.Parameters.TryGetPropertyValue(name, out var node) || node is null)
        {
            throw new ModelBundleException(bundle.Directory, $"{ModelBundle.ManifestFile}: parameters.{name} is missing.");
        }

        try
        {
            return node.Deserialize<T>(ModelBundle.Json) ?? throw new JsonException("null");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelBundleException(bundle.Directory, $"{ModelBundle.ManifestFile}: parameters.{name} is invalid: {ex.Message}", ex);
        }
    }
}
