namespace StreamAE.Host.Configuration;

/// <summary>
/// Resolves a configured relative path: first against the working directory, then against the install directory,
/// where the bundled samples are copied, so the default run works from anywhere.
/// </summary>
public static class PathResolver
{
    public static string Resolve(string path)
    {
        if (System.IO.Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path))
        {
            return System.IO.Path.GetFullPath(path);
        }

        var installed = System.IO.Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(installed) || Directory.Exists(installed) ? installed : System.IO.Path.GetFullPath(path);
    }
}
