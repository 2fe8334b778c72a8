namespace StreamAE.Core.Drift;

/// <summary>Where drift events go: the alerts topic (or Drift:Topic), the JSONL file, the console.</summary>
public interface IDriftEventSink
{
    ValueTask WriteAsync(DriftEvent drift, CancellationToken cancellationToken);

    /// <summary>Returns once every event written so far is durably delivered.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
