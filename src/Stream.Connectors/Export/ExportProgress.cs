namespace StreamAE.Connectors.Export;

/// <summary>Progress of an export: per partition (and the alerts topic), messages read out of the range to read.</summary>
public interface IExportProgress
{
    void Start(string task, long total);

    /// <summary>The task's position is now <paramref name="done"/> of its total.</summary>
    void Report(string task, long done);
}
