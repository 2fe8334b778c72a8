namespace StreamAE.Models.Autoencoders;

/// <summary>Manifest kinds of the ONNX autoencoder bundles.</summary>
public static class AutoencoderKinds
{
    public const string Ar = "ar-autoencoder";

    public const string Transformer = "transformer-autoencoder";

    public static bool IsAutoencoder(string kind) => kind is Ar or Transformer;
}
