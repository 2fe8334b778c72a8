using System.Globalization;
using StreamAE.Core.Domain;
using StreamAE.Core.Drift;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Sinks;

/// <summary>
/// Writes one readable line per alert, e.g. <c>ALERT OPEN  2014-02-19 15:20  machine_temp  score 9.81 &gt; 3.20  top: value 100%</c>,
/// and per drift event (<c>DRIFT ...</c>). Lines are written one at a time (alerts and drift events come from different tasks).
/// </summary>
public sealed class ConsoleAlertSink(TextWriter output) : IAlertSink, IDriftEventSink
{
    public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        WriteLine(Format(alert));
        return ValueTask.CompletedTask;
    }

    public static string Format(Alert alert)
    {
        var inv = CultureInfo.InvariantCulture;
        var top = string.Join(", ", alert.TopChannels.Select(c => string.Create(inv, $"{c.Channel} {c.Share * 100:F0}%")));
        return alert.State == EpisodeState.Open
            ? string.Create(inv, $"ALERT OPEN   {alert.WindowEnd:yyyy-MM-dd HH:mm:ss}  {alert.SensorId}  {Judged(alert)}  top: {top}  model {alert.ModelName}@{alert.ModelVersion}  id {alert.Id}")
            : string.Create(inv, $"ALERT CLOSED {alert.WindowEnd:yyyy-MM-dd HH:mm:ss}  {alert.SensorId}  episode since {alert.EpisodeStart:yyyy-MM-dd HH:mm:ss}, {alert.AnomalousWindows} anomalous windows, peak {alert.PeakScore:F2}  top: {top}  id {alert.EpisodeId}");
    }

    public ValueTask WriteAsync(DriftEvent drift, CancellationToken cancellationToken)
    {
        WriteLine(Format(drift));
        return ValueTask.CompletedTask;
    }

    public static string Format(DriftEvent drift)
    {
        var inv = CultureInfo.InvariantCulture;
        var what = drift.Statistic == DriftStatistic.ScoreLevel
            ? string.Create(inv, $"score level: Page-Hinkley {drift.Value:F1} > {drift.Limit:F0}")
            : string.Create(inv, $"input '{drift.Channel}': {drift.Value:F1} training std from its mean > {drift.Limit:F1} (level {drift.Level:+0.0;-0.0})");
        return string.Create(inv, $"DRIFT        {drift.DetectedAt:yyyy-MM-dd HH:mm:ss}  {drift.SensorId}  {what}, since {drift.Since:yyyy-MM-dd HH:mm:ss}  model {drift.ModelName}@{drift.ModelVersion}  id {drift.Id}");
    }

    /// <summary>"score 3.21 &gt; 2.98" without calibration; "likelihood 0.62 &gt; 0.50 (raw 3.21)" with it.</summary>
    private static string Judged(Alert alert) =>
        alert.Calibration == "none"
            ? string.Create(CultureInfo.InvariantCulture, $"score {alert.Score:F2} > {alert.Threshold:F2}")
            : string.Create(CultureInfo.InvariantCulture, $"{alert.Calibration} {alert.Score:F2} > {alert.Threshold:F2} (raw {alert.RawScore:F2})");

    public ValueTask FlushAsync(CancellationToken cancellationToken) => new(output.FlushAsync(cancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // Alerts and drift events arrive on different tasks: one line at a time, whatever the writer.
    private void WriteLine(string line)
    {
        lock (output)
        {
            output.WriteLine(line);
        }
    }
}
