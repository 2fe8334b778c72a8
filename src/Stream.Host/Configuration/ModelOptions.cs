using StreamAE.Models.Autoencoders;

namespace StreamAE.Host.Configuration;

/// <summary>Section "Model": the model bundle in service.</summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>Bundle directory (manifest.json, model files).</summary>
    public string Path { get; set; } = "samples/models/arp-baseline";

    /// <summary>Section "Model:Onnx": ONNX Runtime session settings for autoencoder bundles.</summary>
    public OnnxScorerOptions Onnx { get; set; } = new();
}
