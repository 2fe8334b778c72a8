using System.Text.Json;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;
using StreamAE.Models.Training.Networks;

namespace StreamAE.Models.Training.Bundles;

/// <summary>Rebuilds a trained network from a bundle's hyper-parameters and TorchSharp weights (weights.bin).</summary>
public static class AutoencoderWeights
{
    public static (AutoencoderNetwork Network, Normalization Normalization) Load(string bundleDirectory)
    {
        var bundle = ModelBundle.Read(bundleDirectory);
        var hyper = ReadHyperParameters(bundle);
        var weights = bundle.PathOf(AutoencoderBundle.WeightsFile);
        if (!File.Exists(weights))
        {
            throw new ModelBundleException(bundle.Directory, $"{AutoencoderBundle.WeightsFile} is missing: training cannot resume from this bundle.");
        }

        var network = AutoencoderNetwork.Create(hyper);
        try
        {
            network.load(weights);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            network.Dispose();
            throw new ModelBundleException(bundle.Directory, $"{AutoencoderBundle.WeightsFile} does not fit the manifest's hyper-parameters: {ex.Message}", ex);
        }

        var m = bundle.Manifest;
        return (network, new Normalization(m.Normalization.Mean, m.Normalization.Std));
    }

    public static AutoencoderHyperParameters ReadHyperParameters(ModelBundle bundle)
    {
        if (!AutoencoderKinds.IsAutoencoder(bundle.Manifest.Kind))
        {
            throw new ModelBundleException(bundle.Directory, $"kind '{bundle.Manifest.Kind}' is not an autoencoder: nothing to resume from.");
        }

        var hyper = ModelBundleLoader.Parameter<AutoencoderHyperParameters>(bundle, AutoencoderBundle.HyperParametersKey);
        if (hyper.Kind != bundle.Manifest.Kind || hyper.WindowLength != bundle.Manifest.WindowLength || hyper.Channels != bundle.Manifest.Channels.Count)
        {
            throw new ModelBundleException(bundle.Directory, $"parameters.{AutoencoderBundle.HyperParametersKey} ({hyper.Kind}, {hyper.WindowLength}×{hyper.Channels}) disagree with the manifest ({bundle.Manifest.Kind}, {bundle.Manifest.WindowLength}×{bundle.Manifest.Channels.Count}).");
        }

        return hyper;
    }

    internal static JsonSerializerOptions Json => ModelBundle.Json;
}
