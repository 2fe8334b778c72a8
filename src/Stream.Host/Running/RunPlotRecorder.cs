using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Evaluation.Plots;

namespace StreamAE.Host.Running;

/// <summary>
/// Records what a file run did for its first <paramref name="maxSensors"/> sensors — each window's newest value, the value
/// compared with the alert level (calibrated, or the raw score without calibration) and that level, and the alert
/// episodes — and draws one PNG per sensor at the end (Sinks:PlotDirectory, <c>replay --plot DIR</c>). Values are tapped
/// from the pipeline's calibration stage; episodes come in as alerts, like any sink.
/// </summary>
public sealed class RunPlotRecorder(string directory, int maxSensors) : IAlertSink
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<TimelinePlot.Point>> _points = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset End)>> _episodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _open = new(StringComparer.Ordinal);

    public string Directory => directory;

    /// <summary>The pipeline's tap on every judged window.</summary>
    public void Record(WindowScore score, CalibratedScore judged)
    {
        lock (_lock)
        {
            var window = score.Window;
            if (!_points.TryGetValue(window.SensorId, out var points))
            {
                if (_points.Count >= maxSensors)
                {
                    return;
                }

                points = [];
                _points.Add(window.SensorId, points);
            }

            var newest = window.Values[(window.Length - 1) * window.Channels];
            points.Add(new TimelinePlot.Point(window.End, newest, judged.Value, judged.Level));
        }
    }

    public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (alert.State == EpisodeState.Open)
            {
                _open[alert.SensorId] = alert.EpisodeStart;
            }
            else if (_open.Remove(alert.SensorId, out var start))
            {
                Episodes(alert.SensorId).Add((start, alert.WindowEnd));
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>What was recorded for a sensor so far (empty if it was not recorded).</summary>
    public IReadOnlyList<TimelinePlot.Point> PointsOf(string sensor)
    {
        lock (_lock)
        {
            return _points.TryGetValue(sensor, out var points) ? [.. points] : [];
        }
    }

    /// <summary>The sensor's closed episodes, opening to closing.</summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> EpisodesOf(string sensor)
    {
        lock (_lock)
        {
            return _episodes.TryGetValue(sensor, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Writes <c>&lt;sensor&gt;.png</c> per recorded sensor; returns the files written.</summary>
    public IReadOnlyList<string> Save(LabelledWindows? labels)
    {
        lock (_lock)
        {
            var written = new List<string>();
            foreach (var (sensor, points) in _points)
            {
                if (points.Count == 0)
                {
                    continue;
                }

                var episodes = Episodes(sensor).ToList();
                if (_open.TryGetValue(sensor, out var stillOpen))
                {
                    episodes.Add((stillOpen, points[^1].Time)); // open when the file ended
                }

                var labelled = labels?.For(sensor).Select(w => (w.Start, w.End)) ?? [];
                var path = Path.Combine(directory, SafeName(sensor) + ".png");
                TimelinePlot.Save(path, $"StreamAE run: {sensor}", points, episodes, labelled);
                written.Add(path);
            }

            return written;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private List<(DateTimeOffset Start, DateTimeOffset End)> Episodes(string sensor)
    {
        if (!_episodes.TryGetValue(sensor, out var list))
        {
            list = [];
            _episodes.Add(sensor, list);
        }

        return list;
    }

    private static string SafeName(string sensor) =>
        string.Concat(sensor.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
