using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamAE.Connectors.Sinks;
using StreamAE.Core.Alerts;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;
using StreamAE.Host.Configuration;
using StreamAE.Models.Bundles;

namespace StreamAE.Host.Running;

/// <summary>
/// The detector service: loads the model bundle, runs the configured source through the pipeline into the sinks.
/// A finite source (file replay) ends the host with a summary; an endless one runs until the host stops.
/// </summary>
public sealed partial class DetectorWorker(
    IOptions<SourceOptions> sourceOptions,
    IOptions<ModelOptions> modelOptions,
    IOptions<SinkOptions> sinkOptions,
    IOptions<WindowingOptions> windowing,
    IOptions<PipelineOptions> pipelineOptions,
    IOptions<EpisodeOptions> episodeOptions,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers,
    RunOutput output,
    TimeProvider time) : BackgroundService
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
        var bundlePath = PathResolver.Resolve(modelOptions.Value.Path);
        var bundle = ModelBundle.Read(bundlePath);
        ModelBundleLoader.EnsureFits(bundle, windowing.Value.WindowLength, DataChannels.Of(sourceOptions.Value));
        using var model = ModelBundleLoader.Load(bundle, modelOptions.Value.Onnx);
        LogModelLoaded(_logger, model.Descriptor.Name, model.Descriptor.Version, model.Descriptor.Kind, bundlePath, model.Threshold.Overall);

        var ingest = new IngestCounters();
        var badInput = new BadInputHandler(sourceOptions.Value.BadInput, ingest, loggers.CreateLogger("StreamAE.BadInput"));
        var source = ReadingSourceFactory.Create(sourceOptions.Value, model.Descriptor.ChannelNames, badInput, time);
        var pipeline = new DetectionPipeline(windowing.Value, pipelineOptions.Value, episodeOptions.Value, new ModelSlot(model), badInput);
        var runner = new PipelineRunner(pipeline, pipelineOptions.Value, loggers.CreateLogger<PipelineRunner>());

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

        await using var sink = new CompositeAlertSink(sinks);
        LogRunStarted(_logger, source.Name);
        var stopwatch = Stopwatch.StartNew();
        await runner.RunAsync(source, sink, onScored: null, stoppingToken).ConfigureAwait(false);
        summary.Print(output.Writer, pipeline.Counters, ingest, source.Name, model.Descriptor, stopwatch.Elapsed);
        output.Writer.Flush();
        output.LastSummary = summary;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Name} {Version} ({Kind}) loaded from {Path}; threshold {Threshold:F3}")]
    private static partial void LogModelLoaded(ILogger logger, string name, string version, string kind, string path, double threshold);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading from {Source}")]
    private static partial void LogRunStarted(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Cannot run: {Problem}")]
    private static partial void LogRunFailed(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The detector crashed")]
    private static partial void LogRunCrashed(ILogger logger, Exception exception);
}
