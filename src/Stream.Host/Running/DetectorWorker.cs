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

    /// <summary>The one pipeline every source runs through, with the service's limits, metrics, heartbeat and hot reload.</summary>
    private PipelineRunner CreateRunner(ModelSlot models, BadInputHandler badInput)
    {
        var pipeline = new DetectionPipeline(windowing.Value, pipelineOptions.Value, episodeOptions.Value, models, badInput, null, limits.Value, metrics, loggers.CreateLogger<DetectionPipeline>());
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
        }

        // Console and file writes go through a queue, so the pipeline only hands alerts over.
        await using var mirror = CreateMirror();
        if (mirror is not null)
        {
            sinks.Add(mirror);
        }

        var sink = new CompositeAlertSink(sinks);
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

    /// <summary>The always-on Kafka service: the same pipeline, fed by the consumer group; runs until the host stops.</summary>
    private async Task RunKafkaAsync(ModelSlot models, CancellationToken stoppingToken)
    {
        // Poison messages are dead-lettered, never fatal: Source:BadInput=Fail applies to file replays only.
        var runner = CreateRunner(models, CreateBadInputHandler(BadInputPolicy.Skip, out _));
        await using var mirror = CreateMirror();
        var format = sourceOptions.Value.Json;
        format.ChannelNames ??= models.Current.Descriptor.ChannelNames;
        var detector = new KafkaDetector(kafkaOptions.Value, format, loggers, mirror) { Metrics = metrics };
        output.KafkaCounters = detector.Counters;
        LogRunStarted(_logger, $"kafka {kafkaOptions.Value.InputTopic}");
        await detector.RunAsync(runner, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>The console and JSONL sinks, behind one queue (they write one call at a time); null when both are off.</summary>
    private QueuedAlertSink? CreateMirror()
    {
        var sinks = new List<IAlertSink>();
        if (sinkOptions.Value.Console)
        {
            sinks.Add(new ConsoleAlertSink(output.Writer));
        }

        if (sinkOptions.Value.JsonlPath is { Length: > 0 } jsonl)
        {
            sinks.Add(new JsonlFileAlertSink(jsonl));
        }

        return sinks.Count > 0 ? new QueuedAlertSink(new CompositeAlertSink(sinks)) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading from {Source}")]
    private static partial void LogRunStarted(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Cannot run: {Problem}")]
    private static partial void LogRunFailed(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The detector crashed")]
    private static partial void LogRunCrashed(ILogger logger, Exception exception);
}
