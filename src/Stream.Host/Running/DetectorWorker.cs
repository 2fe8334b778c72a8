using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamAE.Connectors.Kafka;
using StreamAE.Connectors.Sinks;
using StreamAE.Core.Alerts;
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
    IOptions<CalibrationOptions> calibrationOptions,
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
            output.ExitCode = 2;
        }
        catch (Exception ex)
        {
            LogRunCrashed(_logger, ex);
            output.ExitCode = 1;
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
        var pipeline = new DetectionPipeline(windowing.Value, pipelineOptions.Value, episodeOptions.Value, models, badInput, null, limits.Value, metrics, calibrationOptions.Value);
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
            pipeline.OnCalibrated = plots.Record;
        }

        await using var sink = new CompositeAlertSink(sinks);
        LogRunStarted(_logger, source.Name);
        var stopwatch = Stopwatch.StartNew();
        await runner.RunAsync(source, sink, null, stoppingToken).ConfigureAwait(false);
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
        var detector = new KafkaDetector(kafkaOptions.Value, format, windowing.Value, pipelineOptions.Value, episodeOptions.Value, models, loggers, mirror)
        {
            Hooks = new KafkaServiceHooks { Metrics = metrics, Heartbeat = heartbeat, Status = sourceStatus, Limits = limits.Value, Recent = recent, Calibration = calibrationOptions.Value },
        };
        output.KafkaCounters = detector.Counters;
        LogRunStarted(_logger, $"kafka {kafkaOptions.Value.InputTopic}");
        await detector.RunAsync(stoppingToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sensor {Sensor} evicted: Limits:MaxSensors ({MaxSensors}) reached and it was the least recently seen ({Evicted} evicted so far)")]
    private static partial void LogSensorEvicted(ILogger logger, string sensor, int maxSensors, long evicted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading from {Source}")]
    private static partial void LogRunStarted(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Cannot run: {Problem}")]
    private static partial void LogRunFailed(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The detector crashed")]
    private static partial void LogRunCrashed(ILogger logger, Exception exception);
}
