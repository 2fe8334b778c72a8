using StreamAE.Core.Domain;
using StreamAE.Core.Drift;

namespace StreamAE.Connectors.Export;

/// <summary>
/// The alert episodes of each sensor (from open to close; still open = to the end of time), so an export can leave
/// out the readings a model flagged. An episode of a model that had reported drift on that sensor, and that lasted
/// into the drift, is not left out: once a model no longer fits a sensor, its alerts there mark the change, not
/// anomalies, and the data after the change is what a retrained model must learn.
/// </summary>
public sealed class AlertEpisodeIndex
{
    private readonly Dictionary<string, Dictionary<string, Span>> _episodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Sensor, string ModelVersion), DateTimeOffset> _drift = [];
    private Dictionary<string, Span[]>? _excluded;

    public int Episodes => _episodes.Values.Sum(e => e.Count);

    /// <summary>Episodes not left out because their model had reported drift on the sensor (known after <see cref="Seal"/>).</summary>
    public int KeptForDrift { get; private set; }

    public void Add(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!_episodes.TryGetValue(alert.SensorId, out var episodes))
        {
            episodes = new Dictionary<string, Span>(StringComparer.Ordinal);
            _episodes.Add(alert.SensorId, episodes);
        }

        var end = alert.State == EpisodeState.Closed ? alert.WindowEnd : DateTimeOffset.MaxValue;
        if (episodes.TryGetValue(alert.EpisodeId, out var known) && known.End != DateTimeOffset.MaxValue && alert.State == EpisodeState.Open)
        {
            return; // the close is already known (an alert read twice after a crash)
        }

        episodes[alert.EpisodeId] = new Span(alert.EpisodeStart, end, alert.ModelVersion);
        _excluded = null;
    }

    public void Add(DriftEvent drift)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var key = (drift.SensorId, drift.ModelVersion);
        if (!_drift.TryGetValue(key, out var since) || drift.Since < since)
        {
            _drift[key] = drift.Since;
        }

        _excluded = null;
    }

    /// <summary>Builds the lookup; call after the last <see cref="Add(Alert)"/>.</summary>
    public void Seal()
    {
        var excluded = new Dictionary<string, Span[]>(StringComparer.Ordinal);
        var kept = 0;
        foreach (var (sensor, episodes) in _episodes)
        {
            var spans = new List<Span>();
            foreach (var span in episodes.Values)
            {
                if (_drift.TryGetValue((sensor, span.ModelVersion), out var driftSince) && span.End >= driftSince)
                {
                    kept++;
                    continue;
                }

                spans.Add(span);
            }

            excluded[sensor] = [.. spans.OrderBy(s => s.Start)];
        }

        KeptForDrift = kept;
        _excluded = excluded;
    }

    /// <summary>True when <paramref name="timestamp"/> falls inside one of the sensor's left-out episodes.</summary>
    public bool Excludes(string sensorId, DateTimeOffset timestamp)
    {
        if (_excluded is null)
        {
            Seal();
        }

        if (!_excluded!.TryGetValue(sensorId, out var spans))
        {
            return false;
        }

        // Spans may overlap (two models' episodes), so look at every one that starts before the reading; they are few.
        foreach (var span in spans)
        {
            if (span.Start > timestamp)
            {
                break;
            }

            if (timestamp <= span.End)
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Span(DateTimeOffset Start, DateTimeOffset End, string ModelVersion);
}
