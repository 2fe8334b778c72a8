using StreamAE.Models.Arp;
using StreamAE.Models.Autoencoders;

namespace StreamAE.Host.Configuration;

/// <summary>Section "Model": the model bundle in service and how a new one is picked up while running.</summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>
    /// A bundle directory (manifest.json, model files), or a directory of bundles with a <c>current</c> file naming
    /// the bundle in service (a sub-directory name or an absolute path).
    /// </summary>
    public string Path { get; set; } = "samples/models/ar-autoencoder";

    /// <summary>Section "Model:Onnx": ONNX Runtime session settings for autoencoder bundles.</summary>
    public OnnxScorerOptions Onnx { get; set; } = new();

    /// <summary>Section "Model:OnlineArp": score AR(p) bundles with the online (RLS) scorer that keeps adapting per sensor.</summary>
    public OnlineArpOptions OnlineArp { get; set; } = new();

    /// <summary>Watch <see cref="Path"/> and hot-swap a new bundle once it passes validation.</summary>
    public bool Watch { get; set; }

    /// <summary>How often the location is re-checked even without file-system events (network drives, some containers lose them).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Quiet time after the last file event before a changed bundle is validated (lets a copy finish).</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Recent real windows a new bundle must score (finite scores, one per window) before it is swapped in.</summary>
    public int SmokeWindows { get; set; } = 32;
}
