using System.Security.Cryptography;
using System.Text;
using StreamAE.Models.Bundles;

namespace StreamAE.Host.Serving;

/// <summary>
/// Where the model in service lives: either one bundle directory, or a directory of bundles with a <c>current</c>
/// file naming the bundle in service. Deploying a new model = write its bundle next to the others, then replace
/// <c>current</c> (write a temporary file and rename it over, so a reader never sees half a name).
/// </summary>
public sealed class ModelLocation(string root)
{
    public const string PointerFile = "current";

    /// <summary>The configured directory; the watcher watches it.</summary>
    public string Root { get; } = root;

    /// <summary>The bundle directory in service now.</summary>
    public string ResolveBundle()
    {
        if (File.Exists(Path.Combine(Root, ModelBundle.ManifestFile)))
        {
            return Root;
        }

        var pointer = Path.Combine(Root, PointerFile);
        if (!File.Exists(pointer))
        {
            throw new ModelBundleException(Root, Directory.Exists(Root)
                ? $"holds neither {ModelBundle.ManifestFile} nor a '{PointerFile}' file naming the bundle in service (Model:Path)."
                : "directory not found (Model:Path).");
        }

        var target = File.ReadAllText(pointer).Trim();
        if (target.Length == 0)
        {
            throw new ModelBundleException(Root, $"'{PointerFile}' is empty; it must name the bundle directory in service.");
        }

        return Path.GetFullPath(Path.Combine(Root, target));
    }

    /// <summary>
    /// A cheap identity of what is deployed: the bundle path and each of its files' name, size and write time.
    /// A change of any of them means "look again"; validation decides whether it is usable.
    /// </summary>
    public static string Fingerprint(string bundleDirectory)
    {
        var text = new StringBuilder(bundleDirectory);
        if (Directory.Exists(bundleDirectory))
        {
            foreach (var file in new DirectoryInfo(bundleDirectory).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                text.Append('|').Append(file.Name).Append(':').Append(file.Length).Append(':').Append(file.LastWriteTimeUtc.Ticks);
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
