using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamAE.Connectors.Kafka;
using StreamAE.Connectors.Sinks;
using StreamAE.Core.Alerts;
using StreamAE.Core.Drift;
using StreamAE.Core.Calibration;
using StreamAE.Core.Health;
using StreamAE.Core.IO;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;
using StreamAE.Host.Configuration;
using StreamAE.Host.Serving;
using StreamAE.Models.Bundles;

namespace StreamAE.Host.Running;

/// <summary>
/// The detector service: loads the model bundle, runs the configured source through the pipeline into the sinks.
/// A finite source (file replay) ends the host with a summary; an endless one runs until the host stops.
/// The model is served through <see cref="ServingModel"/>, so the reload watcher can swap it while the run goes on.
/// </summary>
public sealed partial class DetectorWorker(
    IOptions<SourceOptions> sourceOptions,
    IOptions<SinkOptions> sinkOptions,
    IOptions<InputLimits> limits,
    IOptions<KafkaOptions> kafkaOptions,
    IOptions<WindowingOptions> windowing,
    IOptions<PipelineOptions> pipelineOptions,
    IOptions<EpisodeOptions> episodeOptions,
    IOptions<DriftOptions> driftOptions,
    IOptions<CalibrationOptions> calibrationOptions,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers,
    RunOutput output,
    TimeProvider time,
    ServingModel serving,
    StreamAeMetrics metrics,
    PipelineHeartbeat heartbeat,
    SourceStatus sourceStatus,
    DriftStatus driftStatus) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<DetectorWorker>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the (possibly long) run begins.
        await Task.Yield();
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ModelBundleException or BadInputException or InvalidDataException or FileNotFoundException or ArgumentException)
        {
            LogRunFailed(_logger, ex.Message);
            output.ExitCode = ExitCodes.CannotRun;
        }
        catch (Exception ex)
        {
            LogRunCrashed(_logger, ex);
            output.ExitCode = ExitCodes.Failed;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        using var models = serving.Load(DataChannels.Of(sourceOptions.Value));
        try
        {
            if (sourceOptions.Value.Type == SourceType.Kafka)
            {
                await RunKafkaAsync(models, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                await RunFileAsync(models, stoppingToken).ConfigureAwait(false);
            }
        }
        finally
        {
            serving.Unload();
        }
    }

    /// <summary>The one pipeline every source runs through, with the service's limits, metrics, heartbeat and hot reload.</summary>
    private PipelineRunner CreateRunner(ModelSlot models, BadInputHandler badInput)
    {
        var pipeline = new DetectionPipeline(
            windowing.Value, pipelineOptions.Value, episodeOptions.Value, models, badInput, null, limits.Value, metrics, calibrationOptions.Value, loggers.CreateLogger<DetectionPipeline>());
        serving.UseRecentWindows(pipeline.Recent);
        output.Counters = pipeline.Counters;
        return new PipelineRunner(pipeline, pipelineOptions.Value, loggers.CreateLogger<PipelineRunner>(), heartbeat, sourceStatus);
    }

    private BadInputHandler CreateBadInputHandler(BadInputPolicy policy, out IngestCounters ingest)
    {
        ingest = new IngestCounters();
        ingest.Skipped += reason => metrics.RecordSkipped(reason.ToString());
        return new BadInputHandler(policy, ingest, loggers.CreateLogger("StreamAE.BadInput"));
    }

    private async Task RunFileAsync(ModelSlot models, CancellationToken stoppingToken)
    {
        var firstModel = models.Current.Descriptor;
        var badInput = CreateBadInputHandler(sourceOptions.Value.BadInput, out var ingest);
        var source = ReadingSourceFactory.Create(sourceOptions.Value, firstModel.ChannelNames, badInput, time, limits.Value.MaxMessageBytes);
        var runner = CreateRunner(models, badInput);
        var pipeline = runner.Pipeline;

        // An empty Source:LabelsPath (replay without --labels) means no labels.
        var labels = sourceOptions.Value.LabelsPath is { Length: > 0 } labelsPath ? LabelledWindows.Load(PathResolver.Resolve(labelsPath)) : null;
        var summary = new RunSummary(labels);
        var plots = sinkOptions.Value.PlotDirectory is { Length: > 0 } plotDirectory
            ? new RunPlotRecorder(PathResolver.Resolve(plotDirectory), sinkOptions.Value.PlotMaxSensors)
            : null;
        var sinks = new List<IAlertSink> { summary };
        if (plots is not null)
        {
            sinks.Add(plots);
            pipeline.OnCalibrated = plots.Record;
        }

        // Console and file writes go through a queue, so the pipeline only hands alerts over.
        var driftSinks = new List<IDriftEventSink>();
        await using var mirror = CreateMirror(driftSinks);
        if (mirror is not null)
        {
            sinks.Add(mirror);
        }

        // Declared after the mirror, so drained before the console and file sinks are disposed.
        await using var drift = CreateDriftReporter(pipeline, driftSinks);
        Action<ScoredBatch>? onScored = drift is null ? null : drift.OnScored;
        var sink = new CompositeAlertSink(sinks);
        LogRunStarted(_logger, source.Name);
        var stopwatch = Stopwatch.StartNew();
        await runner.RunAsync(source, sink, onScored, stoppingToken).ConfigureAwait(false);
        if (drift is not null)
        {
            await drift.DisposeAsync().ConfigureAwait(false); // its lines before the summary (disposing again is a no-op)
        }

        summary.Print(output.Writer, pipeline.Counters, ingest, source.Name, models.Current.Descriptor, stopwatch.Elapsed, drift is null ? null : driftStatus);
        if (plots is not null)
        {
            var written = plots.Save(labels);
            output.Writer.WriteLine($"plots      {written.Count} PNG file(s) in {plots.Directory}");
        }

        output.Writer.Flush();
        output.LastSummary = summary;
    }

    /// <summary>The always-on Kafka service: the same pipeline, fed by the consumer group; runs until the host stops.</summary>
    private async Task RunKafkaAsync(ModelSlot models, CancellationToken stoppingToken)
    {
        var kafka = kafkaOptions.Value;

        // Not ready until a broker answers; none within Kafka:StartTimeout is an outage or a wrong address: say so and exit.
        sourceStatus.UsePartitions();
        sourceStatus.MarkStopped($"waiting for a Kafka broker at {kafka.BootstrapServers}");
        try
        {
            var probe = new KafkaBrokerProbe(kafka, loggers.CreateLogger<KafkaBrokerProbe>(), metrics);
            if (await probe.WaitForBrokerAsync(kafka.StartTimeout, stoppingToken).ConfigureAwait(false) is { } problem)
            {
                LogKafkaUnreachable(_logger, kafka.BootstrapServers, kafka.StartTimeout, problem, ExitCodes.KafkaUnreachable);
                output.ExitCode = ExitCodes.KafkaUnreachable;
                return;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // asked to stop before the service started: nothing to drain
        }

        // Poison messages are dead-lettered, never fatal: Source:BadInput=Fail applies to file replays only.
        var runner = CreateRunner(models, CreateBadInputHandler(BadInputPolicy.Skip, out _));
        var driftSinks = new List<IDriftEventSink>();
        await using var mirror = CreateMirror(driftSinks);

        // Drift events go to Kafka too (Drift:Topic, or the alerts topic); declared after the mirror, so drained before it is disposed.
        var kafkaDrift = driftOptions.Value.Enabled ? new KafkaDriftEventSink(kafka, driftOptions.Value.Topic) : null;
        await using var drift = CreateDriftReporter(runner.Pipeline, kafkaDrift is null ? driftSinks : [kafkaDrift, .. driftSinks], kafkaDrift);
        var format = sourceOptions.Value.Json;
        format.ChannelNames ??= models.Current.Descriptor.ChannelNames;
        var detector = new KafkaDetector(kafka, format, loggers, mirror) { Metrics = metrics, OnScored = drift is null ? null : drift.OnScored };
        output.KafkaCounters = detector.Counters;
        LogRunStarted(_logger, $"kafka {kafka.InputTopic}");
        var run = detector.RunAsync(runner, stoppingToken);
        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (stoppingToken.Register(() => stopRequested.TrySetResult()).ConfigureAwait(false))
        {
            await Task.WhenAny(run, stopRequested.Task).ConfigureAwait(false);
        }

        if (!run.IsCompleted)
        {
            // Stopping: the detector drains, flushes, commits and leaves the group. With the broker down it could wait for
            // its delivery timeouts; Kafka:CloseTimeout bounds the whole stop instead. Whatever was not committed is
            // replayed by the next owner (at-least-once), so giving up loses nothing.
            if (await Task.WhenAny(run, Task.Delay(kafka.CloseTimeout, time, CancellationToken.None)).ConfigureAwait(false) != run)
            {
                LogStopIncomplete(_logger, kafka.CloseTimeout, ExitCodes.StoppedWithoutCommit);
                output.ExitCode = ExitCodes.StoppedWithoutCommit;
                ObserveLater(run);
                return;
            }
        }

        await run.ConfigureAwait(false);
    }

    /// <summary>
    /// The console and JSONL sinks, behind one queue (they write one call at a time); null when both are off. They
    /// also take drift events (<paramref name="driftSinks"/>), which arrive on the drift reporter's own queue.
    /// </summary>
    private QueuedAlertSink? CreateMirror(List<IDriftEventSink> driftSinks)
    {
        var sinks = new List<IAlertSink>();
        if (sinkOptions.Value.Console)
        {
            var console = new ConsoleAlertSink(output.Writer);
            sinks.Add(console);
            driftSinks.Add(console);
        }

        if (sinkOptions.Value.JsonlPath is { Length: > 0 } jsonl)
        {
            var file = new JsonlFileAlertSink(jsonl);
            sinks.Add(file);
            driftSinks.Add(file);
        }

        return sinks.Count > 0 ? new QueuedAlertSink(new CompositeAlertSink(sinks)) : null;
    }

    /// <summary>The run's drift checks, fed by the pipeline's scored batches (null with Drift:Enabled=false), writing drift events to <paramref name="sinks"/>.</summary>
    private DriftReporter? CreateDriftReporter(DetectionPipeline pipeline, IReadOnlyList<IDriftEventSink> sinks, IDisposable? owned = null)
    {
        if (!driftOptions.Value.Enabled)
        {
            return null;
        }

        var reporter = new DriftReporter(driftOptions.Value, limits.Value.MaxSensors, driftStatus, metrics, sinks, loggers.CreateLogger<DriftReporter>(), owned);
        // Its per-sensor state is checkpointed, restored, evicted and forgotten with the sensor, as part of the pipeline's.
        pipeline.AddSensorState(new SensorStateOwner<DriftState>("drift", reporter.Monitor.Export, reporter.Monitor.Restore, reporter.Monitor.Forget));
        return reporter;
    }

    /// <summary>The abandoned detector may still fail (its flush times out) after the host has moved on: observe that quietly.</summary>
    private static void ObserveLater(Task run) =>
        run.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading from {Source}")]
    private static partial void LogRunStarted(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Cannot run: {Problem}")]
    private static partial void LogRunFailed(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Critical, Message = "No Kafka broker answered at Kafka:BootstrapServers '{Servers}' within Kafka:StartTimeout ({Timeout}): {Problem}. Check the address and the brokers; exiting with code {ExitCode}")]
    private static partial void LogKafkaUnreachable(ILogger logger, string servers, TimeSpan timeout, string problem, int exitCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stop did not finish within Kafka:CloseTimeout ({Timeout}), broker unreachable? Exiting without the final commit (code {ExitCode}); the next owner of the partitions replays from the last commit, so nothing is lost")]
    private static partial void LogStopIncomplete(ILogger logger, TimeSpan timeout, int exitCode);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The detector crashed")]
    private static partial void LogRunCrashed(ILogger logger, Exception exception);
}
