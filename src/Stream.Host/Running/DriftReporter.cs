using Microsoft.Extensions.Logging;
using StreamAE.Connectors.Sinks;
using StreamAE.Core.Drift;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;

namespace StreamAE.Host.Running;

/// <summary>
/// The drift checks of one run: a <see cref="DriftMonitor"/> fed every scored batch (<see cref="OnScored"/>, the
/// pipeline's tap), each drift logged, counted (the monitor's metrics and status) and written as a drift event to the
/// run's sinks through a queue, so the scoring thread never waits on them. Disposing drains the queue.
/// </summary>
public sealed partial class DriftReporter : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly QueuedDriftEventSink _queue;
    private readonly IDisposable? _owned;

    /// <param name="owned">A sink this reporter owns and disposes after the queue is drained (the Kafka drift producer).</param>
    public DriftReporter(DriftOptions options, int maxSensors, DriftStatus status, StreamAeMetrics metrics, IReadOnlyList<IDriftEventSink> sinks, ILogger logger, IDisposable? owned = null)
    {
        _logger = logger;
        _owned = owned;
        Monitor = new DriftMonitor(options, maxSensors, status, metrics);
        _queue = new QueuedDriftEventSink(sinks, (drift, ex) => LogDriftNotWritten(_logger, drift.Id, drift.SensorId, ex.Message));
    }

    public DriftMonitor Monitor { get; }

    /// <summary>The tap on every scored batch (called on the scoring thread).</summary>
    public void OnScored(ScoredBatch batch)
    {
        var events = Monitor.Observe(batch);
        if (events.Count == 0)
        {
            return;
        }

        foreach (var drift in events)
        {
            if (drift.Statistic == DriftStatistic.ScoreLevel)
            {
                LogScoreDrift(_logger, drift.SensorId, drift.ModelName, drift.ModelVersion, drift.Value, drift.Limit, drift.Since, drift.Id);
            }
            else
            {
                LogInputDrift(_logger, drift.SensorId, drift.Channel ?? "?", drift.Value, drift.Level ?? 0, drift.Limit, drift.ModelName, drift.ModelVersion, drift.Since, drift.Id);
            }
        }

        _queue.Post(events);
    }

    public async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync().ConfigureAwait(false);
        _owned?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift: sensor {Sensor} scores high far more often than before under model {Name} {Version} (Page-Hinkley {Value:F1} > {Limit:F0}) since {Since:O}; drift event {Id}")]
    private static partial void LogScoreDrift(ILogger logger, string sensor, string name, string version, double value, double limit, DateTimeOffset since, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift: sensor {Sensor} channel {Channel} is {Value:F1} training standard deviations from its training mean (level {Level:F1}; limit {Limit:F1}) under model {Name} {Version} since {Since:O}; drift event {Id}")]
    private static partial void LogInputDrift(ILogger logger, string sensor, string channel, double value, double level, double limit, string name, string version, DateTimeOffset since, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Drift event {Id} of sensor {Sensor} could not be written to a sink: {Problem}")]
    private static partial void LogDriftNotWritten(ILogger logger, string id, string sensor, string problem);
}
