namespace StreamAE.Models.Bundles;

/// <summary>A bundle that cannot be used: says which bundle, which file or field, and what is wrong.</summary>
public sealed class ModelBundleException(string bundlePath, string problem, Exception? inner = null)
    : Exception($"Model bundle '{bundlePath}': {problem}", inner)
{
    public string BundlePath { get; } = bundlePath;
}
