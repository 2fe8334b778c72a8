using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Core.Alerts;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// The detection side of the Kafka detector, on one task: takes messages in partition order from the poll thread,
/// validates them (poison messages are dead-lettered), windows them and scores, thresholds and tracks episodes with the
/// same <see cref="DetectionPipeline"/> steps as the file runner (<see cref="DetectionPipeline.ScoreBatch"/>,
/// <see cref="DetectionPipeline.ProduceAlerts"/>), and produces alerts. Every <see cref="KafkaOptions.CommitInterval"/> (and on a
/// revoke, and at the end) it waits for every alert and dead letter to be acknowledged, writes checkpoints of the sensors
/// that changed, then commits each partition up to its first message not yet done (<see cref="PartitionProgress"/>).
/// </summary>
public sealed partial class KafkaDetectionLoop
{
    private readonly KafkaOptions _options;
    private readonly WindowingOptions _windowing;
    private readonly PipelineOptions _pipeline;
    private readonly ModelSlot _models;
    private readonly IAlertSink _alerts;
    private readonly IAlertSink? _mirror;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly CheckpointStore _checkpoints;
    private readonly Action<IReadOnlyList<TopicPartitionOffset>> _commit;
    private readonly KafkaCounters _counters;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DetectionPipeline _detection;
    private readonly SlidingWindowAssembler _assembler;
    private readonly AlertEpisodeTracker _episodes;
    private readonly Dictionary<TopicPartition, PartitionProgress> _partitions = [];
    private readonly Dictionary<string, SensorProgress> _sensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SensorCheckpoint> _restorable = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly List<SensorWindow> _windows = [];
    private readonly KafkaServiceHooks _hooks;
    private readonly ReadingValidator _validator;

    public KafkaDetectionLoop(
        KafkaOptions options,
        WindowingOptions windowing,
        PipelineOptions pipeline,
        EpisodeOptions episodes,
        ModelSlot models,
        IAlertSink alerts,
        DeadLetterPublisher deadLetters,
        CheckpointStore checkpoints,
        Action<IReadOnlyList<TopicPartitionOffset>> commit,
        KafkaCounters counters,
        ILogger logger,
        TimeProvider? time = null,
        IAlertSink? mirror = null,
        KafkaServiceHooks? hooks = null)
    {
        _options = options;
        _windowing = windowing;
        _pipeline = pipeline;
        _models = models;
        _alerts = alerts;
        _mirror = mirror;
        _deadLetters = deadLetters;
        _checkpoints = checkpoints;
        _commit = commit;
        _counters = counters;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _hooks = hooks ?? new KafkaServiceHooks();
        _validator = new ReadingValidator(_hooks.Limits);

        // The pipeline's windowing, scoring and episode steps, driven message by message (its Rx reading stage is not
        // used: this loop validates readings itself and dead-letters the bad ones, so its bad-input handler never runs).
        // It checks the model against the window length, and feeds the shared metrics (batches, alerts, sensors).
        _detection = new DetectionPipeline(
            windowing, pipeline, episodes, models, new BadInputHandler(BadInputPolicy.Fail, new IngestCounters(), logger), null, _hooks.Limits, _hooks.Metrics, _hooks.Calibration);
        _assembler = _detection.Assembler;
        _assembler.SensorEvicted += OnSensorEvicted;
        _episodes = _detection.Episodes;
        _counters.Track(_detection.Counters);
    }

    /// <summary>Sensors whose window state this instance holds now.</summary>
    public int TrackedSensors => _assembler.TrackedSensors;

    /// <summary>Called with each alert when produced (the benchmark measures latency with it).</summary>
    public Action<Alert>? OnAlert { get; init; }

    /// <summary>Runs until <paramref name="input"/> completes, then scores what is left, flushes and commits.</summary>
    public async Task RunAsync(ChannelReader<KafkaInbound> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var nextCommit = _time.GetUtcNow() + _options.CommitInterval;
        try
        {
            await PumpAsync(input, nextCommit).ConfigureAwait(false);
        }
        finally
        {
            _hooks.Heartbeat?.Stop();
        }

        ScorePending();
        await CommitAsync().ConfigureAwait(false);
        LogDrained(_logger, _counters.Readings, _counters.Alerts, _counters.DeadLettered);
    }

    /// <summary>The loop proper; it wakes at least every commit interval, and beats the heartbeat each time round.</summary>
    private async Task PumpAsync(ChannelReader<KafkaInbound> input, DateTimeOffset nextCommit)
    {
        Task<bool>? waiting = null;
        while (true)
        {
            _hooks.Heartbeat?.Beat();
            var taken = 0;
            while (taken < _pipeline.MaxBatchSize * 4 && input.TryRead(out var item))
            {
                taken++;
                await HandleAsync(item).ConfigureAwait(false);
            }

            ScorePending();
            var now = _time.GetUtcNow();
            if (now >= nextCommit)
            {
                await CommitAsync().ConfigureAwait(false);
                nextCommit = _time.GetUtcNow() + _options.CommitInterval;
            }

            if (taken > 0)
            {
                continue;
            }

            waiting ??= input.WaitToReadAsync().AsTask();
            if (!waiting.IsCompleted)
            {
                var delay = nextCommit - _time.GetUtcNow();
                await Task.WhenAny(waiting, Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time)).ConfigureAwait(false);
                if (!waiting.IsCompleted)
                {
                    continue;
                }
            }

            var more = await waiting.ConfigureAwait(false);
            waiting = null;
            if (!more)
            {
                return;
            }
        }
    }

    private async Task HandleAsync(KafkaInbound item)
    {
        switch (item)
        {
            case InboundMessage message:
                Handle(message);
                break;
            case PartitionsAssigned assigned:
                ScorePending();
                await AssignAsync(assigned.Partitions).ConfigureAwait(false);
                break;
            case PartitionsRevoked revoked:
                ScorePending();
                try
                {
                    await CommitAsync().ConfigureAwait(false);
                    Forget(revoked.Partitions);
                    revoked.Done.TrySetResult();
                }
                catch (Exception ex)
                {
                    revoked.Done.TrySetException(ex);
                    throw;
                }

                break;
            case PartitionsLost lost:
                ScorePending();
                Forget(lost.Partitions);
                break;
        }
    }

    private void Handle(InboundMessage message)
    {
        _counters.AddMessage();
        _hooks.Metrics?.AddReadings();
        var tp = message.Source.TopicPartition;
        if (!_partitions.TryGetValue(tp, out var partition))
        {
            partition = new PartitionProgress(tp);
            _partitions.Add(tp, partition);
        }

        var offset = message.Source.Offset.Value;
        partition.Processed(offset);
        var model = _models.Current.Descriptor;
        if (message.Reading is not { } reading)
        {
            DeadLetter(partition, message, message.Problem, message.Error ?? "rejected");
            return;
        }

        if (_validator.Check(reading, model.Channels) is { } problem)
        {
            DeadLetter(partition, message, problem.Reason, problem.Detail);
            return;
        }

        if (!_sensors.TryGetValue(reading.SensorId, out var sensor))
        {
            sensor = StartSensor(reading, tp, offset);
            partition.Sensors.Add(reading.SensorId);
        }

        if (offset < sensor.SkipBefore)
        {
            _counters.AddReplayed();
            return;
        }

        sensor.Seen(offset);
        _dirty.Add(reading.SensorId);
        var result = _assembler.Add(reading, out var window);
        switch (result)
        {
            case WindowAddResult.OutOfOrder or WindowAddResult.Duplicate:
                _counters.AddSkipped();
                _hooks.Metrics?.RecordSkipped(result == WindowAddResult.OutOfOrder ? nameof(SkipReason.OutOfOrder) : nameof(SkipReason.DuplicateTimestamp));
                return;
            case WindowAddResult.GapRestart or WindowAddResult.ChannelCountRestart:
                sensor.Accept(offset, reading.Channels, restarted: true);
                break;
            default:
                sensor.Accept(offset, reading.Channels, restarted: false);
                break;
        }

        _counters.AddReading();
        if (offset <= sensor.ReplayThrough)
        {
            // Rebuilding the window after a restart: what this completes was scored before it.
            _counters.AddReplayed();
            return;
        }

        if (window is not null)
        {
            _windows.Add(window);
            if (_windows.Count >= _pipeline.MaxBatchSize)
            {
                ScorePending();
            }
        }
    }

    private SensorProgress StartSensor(Reading reading, TopicPartition tp, long offset)
    {
        var sensor = new SensorProgress(reading.SensorId, tp, _windowing.WindowLength - 1);
        _sensors.Add(reading.SensorId, sensor);
        if (_restorable.Remove(reading.SensorId, out var checkpoint)
            && checkpoint.Topic == tp.Topic && checkpoint.Partition == tp.Partition.Value)
        {
            if (checkpoint.Episode is { } episode)
            {
                _episodes.Restore(episode);
            }

            RestoreLearned(reading.SensorId, checkpoint);

            if (offset <= checkpoint.LastOffset && checkpoint.Channels == reading.Channels)
            {
                sensor.RestoreFrom(checkpoint);
                _assembler.Resume(reading.SensorId, checkpoint.Channels, sensor.Accepted);
            }
            else
            {
                // The replay range is gone (retention, or a reset of the group's offsets): start the window afresh.
                LogCheckpointSkipped(_logger, reading.SensorId, checkpoint.LastOffset, offset);
            }
        }

        return sensor;
    }

    /// <summary>What the sensor learned online (calibration, online scorer) goes into and comes back from its checkpoint.</summary>
    private void RestoreLearned(string sensorId, SensorCheckpoint checkpoint)
    {
        if (checkpoint.Calibration is { } calibration)
        {
            _detection.Calibration.Restore(sensorId, calibration);
        }

        if (checkpoint.Scorer is { } scorer)
        {
            (_models.Current.Scorer as IOnlineScorer)?.Restore(sensorId, scorer);
        }
    }

    private void ForgetLearned(string sensorId)
    {
        _detection.Calibration.Forget(sensorId);
        (_models.Current.Scorer as IOnlineScorer)?.Forget(sensorId);
    }

    private void DeadLetter(PartitionProgress partition, InboundMessage message, SkipReason reason, string error)
    {
        if (message.Source.Offset.Value < partition.DeadLetteredBefore)
        {
            _counters.AddReplayed();
            return;
        }

        _deadLetters.Publish(message.Source, message.Key, message.Value, reason, error);
        _hooks.Metrics?.RecordDeadLetter(reason.ToString());
        var count = _counters.DeadLettered;
        if (LogSampling.ShouldLog(count))
        {
            LogDeadLettered(_logger, message.Source.ToString(), reason, error, count);
        }
    }

    private void ScorePending()
    {
        if (_windows.Count == 0)
        {
            return;
        }

        // One model for the whole batch (a hot swap lands between batches, never inside one).
        var scored = _detection.ScoreBatch(_windows);
        if (_hooks.Recent is { } recent)
        {
            foreach (var window in _windows)
            {
                recent.Add(window);
            }
        }

        _windows.Clear();
        foreach (var alert in _detection.ProduceAlerts(scored))
        {
            // Both sinks only enqueue; delivery is awaited before the next commit.
            _ = _alerts.WriteAsync(alert, CancellationToken.None);
            _ = _mirror?.WriteAsync(alert, CancellationToken.None);
            OnAlert?.Invoke(alert);
        }
    }

    /// <summary>
    /// Limits:MaxSensors reached: the least recently seen sensor's window was dropped. Its progress goes too, so its
    /// partition's commits no longer wait on readings that will never make a window; if it comes back it starts afresh.
    /// </summary>
    private void OnSensorEvicted(string sensorId)
    {
        if (_sensors.Remove(sensorId, out var sensor) && _partitions.TryGetValue(sensor.Partition, out var partition))
        {
            partition.Sensors.Remove(sensorId);
        }

        _episodes.Forget(sensorId);
        _dirty.Remove(sensorId);
        var evicted = _assembler.EvictedSensors;
        if (LogSampling.ShouldLog(evicted))
        {
            LogSensorEvicted(_logger, sensorId, _hooks.Limits.MaxSensors, evicted);
        }
    }

    private async Task AssignAsync(IReadOnlyList<TopicPartition> partitions)
    {
        _counters.AddAssignment();
        var assigned = partitions.ToHashSet();
        var loaded = await Task.Run(() => _checkpoints.LoadAll(_options.DeliveryTimeout)).ConfigureAwait(false);
        var restorable = 0;
        foreach (var checkpoint in loaded.Values)
        {
            var tp = new TopicPartition(checkpoint.Topic, checkpoint.Partition);
            if (!assigned.Contains(tp) || _sensors.ContainsKey(checkpoint.SensorId))
            {
                continue;
            }

            _restorable[checkpoint.SensorId] = checkpoint;
            restorable++;
            if (!_partitions.TryGetValue(tp, out var partition))
            {
                partition = new PartitionProgress(tp);
                _partitions.Add(tp, partition);
            }

            partition.DeadLetteredBefore = Math.Max(partition.DeadLetteredBefore, checkpoint.PartitionNextOffset);
        }

        LogAssigned(_logger, string.Join(", ", partitions.Select(p => p.Partition.Value)), restorable);
    }

    private void Forget(IReadOnlyList<TopicPartition> partitions)
    {
        _counters.AddRevocation();
        foreach (var tp in partitions)
        {
            if (!_partitions.Remove(tp, out var partition))
            {
                continue;
            }

            foreach (var id in partition.Sensors)
            {
                _sensors.Remove(id);
                _assembler.Forget(id);
                _episodes.Forget(id);
                ForgetLearned(id);
                _dirty.Remove(id);
            }
        }

        foreach (var (id, checkpoint) in _restorable.ToArray())
        {
            if (partitions.Any(p => p.Topic == checkpoint.Topic && p.Partition.Value == checkpoint.Partition))
            {
                _restorable.Remove(id);
            }
        }
    }

    /// <summary>Acknowledge alerts and dead letters, then checkpoints, then move offsets: in that order, so a crash anywhere replays instead of losing.</summary>
    private async Task CommitAsync()
    {
        await _alerts.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (_mirror is not null)
        {
            await _mirror.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (_dirty.Count > 0)
        {
            foreach (var id in _dirty)
            {
                if (_sensors.TryGetValue(id, out var sensor) && _partitions.TryGetValue(sensor.Partition, out var partition))
                {
                    _checkpoints.Write(sensor.ToCheckpoint(partition.NextOffset, _episodes.Export(id)) with
                    {
                        Calibration = _detection.Calibration.Export(id),
                        Scorer = (_models.Current.Scorer as IOnlineScorer)?.Export(id),
                    });
                }
            }

            _dirty.Clear();
            await _alerts.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var offsets = new List<TopicPartitionOffset>();
        foreach (var partition in _partitions.Values)
        {
            if (partition.Committable(_sensors) is { } offset && offset > partition.Committed)
            {
                offsets.Add(new TopicPartitionOffset(partition.Partition, offset));
            }
        }

        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            // A synchronous commit waits for the group coordinator; bound it so an unreachable broker cannot hang a revoke or a shutdown.
            try
            {
                await Task.Run(() => _commit(offsets)).WaitAsync(_options.DeliveryTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogCommitFailed(_logger, $"no answer from the group coordinator within {_options.DeliveryTimeout.TotalSeconds:0} s");
                return;
            }

            foreach (var o in offsets)
            {
                _partitions[o.TopicPartition].Committed = o.Offset.Value;
            }

            _counters.AddCommit();
        }
        catch (KafkaException ex)
        {
            // E.g. mid-rebalance: keep the offsets uncommitted; the next commit (or the next owner's replay) covers them.
            LogCommitFailed(_logger, ex.Error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered {Source}: {Reason}: {Error} ({Count} so far)")]
    private static partial void LogDeadLettered(ILogger logger, string source, SkipReason reason, string error, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {Sensor} evicted: Limits:MaxSensors ({MaxSensors}) reached and it was the least recently seen ({Evicted} evicted so far)")]
    private static partial void LogSensorEvicted(ILogger logger, string sensor, int maxSensors, long evicted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Assigned partition(s) {Partitions}; {Sensors} sensor checkpoint(s) to resume")]
    private static partial void LogAssigned(ILogger logger, string partitions, int sensors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint of sensor {Sensor} ends at offset {LastOffset} but its first message now is {Offset}: window restarted")]
    private static partial void LogCheckpointSkipped(ILogger logger, string sensor, long lastOffset, long offset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offset commit failed: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Detection loop drained: {Readings} readings, {Alerts} alerts, {DeadLetters} dead letters")]
    private static partial void LogDrained(ILogger logger, long readings, long alerts, long deadLetters);
}
