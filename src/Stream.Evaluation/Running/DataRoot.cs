namespace StreamAE.Evaluation.Running;

/// <summary>
/// Finds the datasets folder: the given path, or by default <c>../shared/datasets</c> relative to the repository root
/// (the working directory when run from the root, else found by walking up from the binary to <c>StreamAE.slnx</c>).
/// </summary>
public static class DataRoot
{
    public const string Default = "../shared/datasets";

    public static string Resolve(string? option)
    {
        if (!string.IsNullOrWhiteSpace(option) && option != Default)
        {
            return Directory.Exists(option) ? Path.GetFullPath(option) : throw new DirectoryNotFoundException($"--data-root {option}: no such directory.");
        }

        var fromWorkingDirectory = Path.GetFullPath(Default);
        if (Directory.Exists(fromWorkingDirectory))
        {
            return fromWorkingDirectory;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamAE.slnx")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, Default));
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"Datasets not found at {fromWorkingDirectory} nor beside the repository root; pass --data-root (the folder holding nab/ and nasa-msl/).");
    }
}
