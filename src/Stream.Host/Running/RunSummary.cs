using System.Collections.Concurrent;
using System.Globalization;
using StreamAE.Core.Domain;
using StreamAE.Core.Drift;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;

namespace StreamAE.Host.Running;

/// <summary>Collects opened episodes during a run and prints the end-of-run summary (counts, skips, labelled windows caught).</summary>
public sealed class RunSummary(LabelledWindows? labels) : IAlertSink
{
    private readonly ConcurrentQueue<Alert> _opened = new();

    public IReadOnlyCollection<Alert> Opened => _opened;

    public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        if (alert.State == EpisodeState.Open)
        {
            _opened.Enqueue(alert);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Labelled windows with at least one episode opening inside them.</summary>
    public IReadOnlyList<(string Sensor, LabelledWindow Window, bool Caught)> LabelOutcomes()
    {
        if (labels is null)
        {
            return [];
        }

        var sensors = _opened.Select(a => a.SensorId).Concat(labels.Sensors).Distinct(StringComparer.Ordinal);
        return sensors
            .SelectMany(sensor => labels.For(sensor).Select(w => (sensor, w, _opened.Any(a => a.SensorId == sensor && w.Contains(a.WindowEnd)))))
            .ToArray();
    }

    public void Print(TextWriter output, PipelineCounters counters, IngestCounters ingest, string source, ModelDescriptor model, TimeSpan elapsed, DriftStatus? drift = null)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"=== StreamAE run summary: {source}"));
        output.WriteLine(string.Create(inv, $"model      {model.Name} {model.Version} ({model.Kind}, T={model.WindowLength}, channels {string.Join(",", model.ChannelNames)})"));
        output.WriteLine(string.Create(inv, $"readings   {counters.Readings}   windows {counters.Windows}   batches {counters.Batches}   in {elapsed.TotalSeconds:F1}s"));
        output.WriteLine(string.Create(inv, $"anomalous  {counters.AnomalousWindows} windows   alerts opened {counters.AlertsOpened}, closed {counters.AlertsClosed}"));
        var skipped = ingest.Snapshot();
        output.WriteLine(skipped.Count == 0
            ? "skipped    none"
            : "skipped    " + string.Join(", ", skipped.Select(kv => string.Create(inv, $"{kv.Key} {kv.Value}"))));
        if (drift is not null)
        {
            output.WriteLine("drift      " + drift.Describe());
        }

        var outcomes = LabelOutcomes();
        if (outcomes.Count > 0)
        {
            var caught = outcomes.Count(o => o.Caught);
            var episodesInside = _opened.Count(a => outcomes.Any(o => o.Sensor == a.SensorId && o.Window.Contains(a.WindowEnd)));
            output.WriteLine(string.Create(inv, $"labelled   {caught} of {outcomes.Count} anomaly windows caught; {episodesInside} of {_opened.Count} episodes opened inside a labelled window"));
            foreach (var (sensor, window, hit) in outcomes)
            {
                output.WriteLine(string.Create(inv, $"  [{(hit ? "caught" : "missed")}] {sensor} {window.Start:yyyy-MM-dd HH:mm} .. {window.End:yyyy-MM-dd HH:mm}"));
            }
        }
    }
}
