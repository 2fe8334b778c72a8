using StreamAE.Core.Domain;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;

namespace StreamAE.Models.Autoencoders;

/// <summary>
/// Layout of an autoencoder bundle: manifest.json (kind ar-autoencoder / transformer-autoencoder, T, channels,
/// normalisation, thresholds, training record, parameters.hyperParameters), model.onnx (what the host scores with),
/// weights.bin (TorchSharp weights to resume or fine-tune) and loss.png (the loss curves).
/// </summary>
public static class AutoencoderBundle
{
    public const string OnnxFile = "model.onnx";

    public const string WeightsFile = "weights.bin";

    public const string LossPlotFile = "loss.png";

    public const string HyperParametersKey = "hyperParameters";

    /// <summary>
    /// The bundle's scorer. It scores with the manifest's scoredSteps, the k its thresholds were calibrated with;
    /// an <paramref name="options"/>.ScoredSteps that means a different k is refused rather than silently mis-thresholded.
    /// </summary>
    public static OnnxAutoencoderScorer CreateScorer(ModelBundle bundle, OnnxScorerOptions? options = null)
    {
        var m = bundle.Manifest;
        if (!AutoencoderKinds.IsAutoencoder(m.Kind))
        {
            throw new ModelBundleException(bundle.Directory, $"{ModelBundle.ManifestFile}: kind '{m.Kind}' is not an autoencoder.");
        }

        int bundleSteps;
        try
        {
            bundleSteps = ScoredSteps.Effective(m.ScoredSteps, m.WindowLength);
        }
        catch (ArgumentException ex)
        {
            throw new ModelBundleException(bundle.Directory, $"{ModelBundle.ManifestFile}: {ex.Message}", ex);
        }

        options ??= new OnnxScorerOptions();
        if (options.ScoredSteps is { } asked)
        {
            if (asked < 0 || ScoredSteps.Effective(asked, m.WindowLength) != bundleSteps)
            {
                throw new ModelBundleException(
                    bundle.Directory,
                    $"Model:Onnx:ScoredSteps is {asked} but the bundle's thresholds were calibrated scoring {ScoredSteps.Describe(m.ScoredSteps, m.WindowLength)} (manifest scoredSteps). Remove the setting, or retrain with train --scored-steps {asked}.");
            }
        }

        var effective = options.WithScoredSteps(bundleSteps);
        var descriptor = new ModelDescriptor(m.Name, m.Version, m.Kind, m.WindowLength, m.Channels);
        return new OnnxAutoencoderScorer(descriptor, bundle.PathOf(OnnxFile), new Normalization(m.Normalization.Mean, m.Normalization.Std), effective, bundle.Directory);
    }
}
