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

    public static OnnxAutoencoderScorer CreateScorer(ModelBundle bundle, OnnxScorerOptions? options = null)
    {
        var m = bundle.Manifest;
        if (!AutoencoderKinds.IsAutoencoder(m.Kind))
        {
            throw new ModelBundleException(bundle.Directory, $"{ModelBundle.ManifestFile}: kind '{m.Kind}' is not an autoencoder.");
        }

        var descriptor = new ModelDescriptor(m.Name, m.Version, m.Kind, m.WindowLength, m.Channels);
        return new OnnxAutoencoderScorer(descriptor, bundle.PathOf(OnnxFile), new Normalization(m.Normalization.Mean, m.Normalization.Std), options, bundle.Directory);
    }
}
