using System.Globalization;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Sinks;

/// <summary>Writes one readable line per alert, e.g. <c>ALERT OPEN  2014-02-19 15:20  machine_temp  score 9.81 &gt; 3.20  top: value 100%</c>.</summary>
public sealed class ConsoleAlertSink(TextWriter output) : IAlertSink
{
    public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        output.WriteLine(Format(alert));
        return ValueTask.CompletedTask;
    }

    public static string Format(Alert alert)
    {
        var inv = CultureInfo.InvariantCulture;
        var top = string.Join(", ", alert.TopChannels.Select(c => string.Create(inv, $"{c.Channel} {c.Share * 100:F0}%")));
        return alert.State == EpisodeState.Open
            ? string.Create(inv, $"ALERT OPEN   {alert.WindowEnd:yyyy-MM-dd HH:mm:ss}  {alert.SensorId}  score {alert.Score:F2} > {alert.Threshold:F2}  top: {top}  model {alert.ModelName}@{alert.ModelVersion}  id {alert.Id}")
            : string.Create(inv, $"ALERT CLOSED {alert.WindowEnd:yyyy-MM-dd HH:mm:ss}  {alert.SensorId}  episode since {alert.EpisodeStart:yyyy-MM-dd HH:mm:ss}, {alert.AnomalousWindows} anomalous windows, peak {alert.PeakScore:F2}  top: {top}  id {alert.EpisodeId}");
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => new(output.FlushAsync(cancellationToken));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
