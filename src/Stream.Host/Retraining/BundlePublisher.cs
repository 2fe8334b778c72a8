using StreamAE.Host.Serving;
using StreamAE.Models.Bundles;

namespace StreamAE.Host.Retraining;

/// <summary>
/// Puts an accepted candidate into the watched model directory the way the hot reload expects: the bundle under its
/// own name next to the others (copied into a hidden staging directory first, then renamed, so the watcher never sees
/// half a bundle), validated once more where it lies, and only then <c>current</c> replaced (a temporary file renamed
/// over it). Anything that fails before the last step leaves <c>current</c> as it was.
/// </summary>
public static class BundlePublisher
{
    public const string StagingPrefix = ".staging-";

    /// <summary>A fresh hidden directory inside the model directory to train or copy a candidate into.</summary>
    public static string NewStaging(string modelsDirectory) => Path.Combine(modelsDirectory, StagingPrefix + Guid.NewGuid().ToString("N")[..12]);

    /// <param name="validate">Validates the bundle where it finally lies; throws when it is unusable.</param>
    /// <returns>The published bundle directory, now named by <c>current</c>.</returns>
    public static string Publish(string modelsDirectory, string candidateDirectory, ModelManifest manifest, bool candidateIsStaging, Action<string> validate)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(validate);
        var staging = candidateDirectory;
        if (!candidateIsStaging)
        {
            staging = NewStaging(modelsDirectory);
            Copy(candidateDirectory, staging);
        }

        var target = UniqueTarget(modelsDirectory, $"{manifest.Name}-{manifest.Version}");
        Directory.Move(staging, target);
        try
        {
            validate(target);
        }
        catch
        {
            Directory.Delete(target, recursive: true);
            throw;
        }

        var temporary = Path.Combine(modelsDirectory, $".current-{Guid.NewGuid():N}");
        File.WriteAllText(temporary, Path.GetFileName(target));
        File.Move(temporary, Path.Combine(modelsDirectory, ModelLocation.PointerFile), overwrite: true);
        return target;
    }

    private static string UniqueTarget(string modelsDirectory, string name)
    {
        var safe = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]).TrimStart('.');
        var target = Path.Combine(modelsDirectory, safe);
        for (var n = 2; Directory.Exists(target) || File.Exists(target); n++)
        {
            target = Path.Combine(modelsDirectory, $"{safe}-{n}");
        }

        return target;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
