namespace StreamAE.Connectors.Tests;

/// <summary>A temporary directory per test class, deleted afterwards.</summary>
public abstract class TempFiles : IDisposable
{
    protected string Dir { get; } = Directory.CreateTempSubdirectory("streamae-conn-").FullName;

    protected string Write(string name, string content)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
