using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamAE.Connectors.Kafka;
using StreamAE.Connectors.Sinks;
using StreamAE.Core.Alerts;
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
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers,
    RunOutput output,
    TimeProvider time,
    ServingModel serving,
    StreamAeMetrics metrics,
    PipelineHeartbeat heartbeat,
    SourceStatus sourceStatus) : BackgroundService
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

    private async Task RunFileAsync(ModelSlot models, CancellationToken stoppingToken)
    {
        var firstModel = models.Current.Descriptor;
        var ingest = new IngestCounters();
        ingest.Skipped += reason => metrics.RecordSkipped(reason.ToString());
        var badInput = new BadInputHandler(sourceOptions.Value.BadInput, ingest, loggers.CreateLogger("StreamAE.BadInput"));
        var source = ReadingSourceFactory.Create(sourceOptions.Value, firstModel.ChannelNames, badInput, time, limits.Value.MaxMessageBytes);
        var pipeline = new DetectionPipeline(windowing.Value, pipelineOptions.Value, episodeOptions.Value, models, badInput, null, limits.Value, metrics);
        pipeline.Assembler.SensorEvicted += sensor =>
        {
            // The first few in full, then every 1000th: a flood of new sensor ids must not flood the log.
            var evicted = pipeline.Assembler.EvictedSensors;
            if (LogSampling.ShouldLog(evicted))
            {
                LogSensorEvicted(_logger, sensor, limits.Value.MaxSensors, evicted);
            }
        };
        serving.UseRecentWindows(pipeline.Recent);
        var runner = new PipelineRunner(pipeline, pipelineOptions.Value, loggers.CreateLogger<PipelineRunner>(), heartbeat, sourceStatus);
        output.Counters = pipeline.Counters;

        // An empty Source:LabelsPath (replay without --labels) means no labels.
        var labels = sourceOptions.Value.LabelsPath is { Length: > 0 } labelsPath ? LabelledWindows.Load(PathResolver.Resolve(labelsPath)) : null;
        var summary = new RunSummary(labels);
        var sinks = new List<IAlertSink> { summary };
        if (sinkOptions.Value.Console)
        {
            sinks.Add(new ConsoleAlertSink(output.Writer));
        }

        if (sinkOptions.Value.JsonlPath is { } jsonl)
        {
            sinks.Add(new JsonlFileAlertSink(jsonl));
        }

        var plots = sinkOptions.Value.PlotDirectory is { Length: > 0 } plotDirectory
            ? new RunPlotRecorder(PathResolver.Resolve(plotDirectory), sinkOptions.Value.PlotMaxSensors)
            : null;
        if (plots is not null)
        {
            sinks.Add(plots);
        }

        await using var sink = new CompositeAlertSink(sinks);
        LogRunStarted(_logger, source.Name);
        var stopwatch = Stopwatch.StartNew();
        await runner.RunAsync(source, sink, plots is null ? null : plots.Record, stoppingToken).ConfigureAwait(false);
        summary.Print(output.Writer, pipeline.Counters, ingest, source.Name, models.Current.Descriptor, stopwatch.Elapsed);
        if (plots is not null)
        {
            var written = plots.Save(labels);
            output.Writer.WriteLine($"plots      {written.Count} PNG file(s) in {plots.Directory}");
        }
        output.Writer.Flush();
        output.LastSummary = summary;
    }

    /// <summary>The always-on Kafka detector, with the service's metrics, health, limits and hot reload; runs until the host stops.</summary>
    private async Task RunKafkaAsync(ModelSlot models, CancellationToken stoppingToken)
    {
        var recent = new RecentWindows(256);
        serving.UseRecentWindows(recent);
        var sinks = new List<IAlertSink>();
        if (sinkOptions.Value.Console)
        {
            sinks.Add(new ConsoleAlertSink(output.Writer));
        }

        if (sinkOptions.Value.JsonlPath is { Length: > 0 } jsonl)
        {
            sinks.Add(new JsonlFileAlertSink(jsonl));
        }

        // The detection loop fires mirror writes without awaiting them: the queue keeps file and console writes in order, one at a time.
        await using var mirror = sinks.Count > 0 ? new QueuedAlertSink(new CompositeAlertSink(sinks)) : null;
        var format = sourceOptions.Value.Json;
        format.ChannelNames ??= models.Current.Descriptor.ChannelNames;
        var kafka = kafkaOptions.Value;
        var detector = new KafkaDetector(kafka, format, windowing.Value, pipelineOptions.Value, episodeOptions.Value, models, loggers, mirror)
        {
            Hooks = new KafkaServiceHooks { Metrics = metrics, Heartbeat = heartbeat, Status = sourceStatus, Limits = limits.Value, Recent = recent },
        };
        output.KafkaCounters = detector.Counters;

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

        LogRunStarted(_logger, $"kafka {kafka.InputTopic}");
        var run = detector.RunAsync(stoppingToken);
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

    /// <summary>The abandoned detector may still fail (its flush times out) after the host has moved on: observe that quietly.</summary>
    private static void ObserveLater(Task run) =>
        run.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {Sensor} evicted: Limits:MaxSensors ({MaxSensors}) reached and it was the least recently seen ({Evicted} evicted so far)")]
    private static partial void LogSensorEvicted(ILogger logger, string sensor, int maxSensors, long evicted);

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
