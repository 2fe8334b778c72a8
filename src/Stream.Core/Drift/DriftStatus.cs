using System.Collections.Concurrent;
using System.Globalization;

namespace StreamAE.Core.Drift;

/// <summary>
/// The sensors in drift now, per test and model version, for readiness and the drift gauge. Thread-safe: the drift
/// monitor writes from the scoring thread, health checks and metric scrapes read.
/// </summary>
public sealed class DriftStatus
{
    private readonly ConcurrentDictionary<(string Sensor, DriftStatistic Statistic), Entry> _active = new();

    /// <summary>One sensor in drift: which test, under which model, since when.</summary>
    public sealed record Entry(string SensorId, DriftStatistic Statistic, string ModelVersion, DateTimeOffset Since);

    public int Sensors => _active.Keys.Select(k => k.Sensor).Distinct(StringComparer.Ordinal).Count();

    public IReadOnlyList<Entry> Active => [.. _active.Values.OrderBy(e => e.SensorId, StringComparer.Ordinal).ThenBy(e => e.Statistic)];

    public void Report(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _active[(entry.SensorId, entry.Statistic)] = entry;
    }

    /// <summary>The sensor is no longer in drift as far as anyone knows (a new model, or the sensor forgotten).</summary>
    public void Clear(string sensorId)
    {
        foreach (var statistic in Enum.GetValues<DriftStatistic>())
        {
            _active.TryRemove((sensorId, statistic), out _);
        }
    }

    /// <summary>Sensors in drift per model version and test (the streamae.drift.sensors gauge).</summary>
    public IEnumerable<(string ModelVersion, string Statistic, int Sensors)> Counts() =>
        _active.Values.GroupBy(e => (e.ModelVersion, e.Statistic)).Select(g => (g.Key.ModelVersion, g.Key.Statistic.MetricTag(), g.Count()));

    /// <summary>A one-line summary for readiness and the run summary: "none", or the count and the first few sensors.</summary>
    public string Describe(int maxSensors = 5)
    {
        var active = Active;
        if (active.Count == 0)
        {
            return "none";
        }

        var named = active.Take(maxSensors).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.SensorId} {e.Statistic.MetricTag()} since {e.Since:yyyy-MM-dd HH:mm:ss} (model {e.ModelVersion})"));
        var more = active.Count > maxSensors ? $", {active.Count - maxSensors} more" : string.Empty;
        return $"{Sensors} sensor(s): {string.Join(", ", named)}{more}";
    }
}
