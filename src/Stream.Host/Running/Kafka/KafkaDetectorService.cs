using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamAE.Connectors.Kafka;
using StreamAE.Connectors.Sinks;
using StreamAE.Core.Alerts;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;
using StreamAE.Host.Configuration;
using StreamAE.Models.Bundles;

namespace StreamAE.Host.Running.Kafka;

/// <summary>
/// The detector as an always-on Kafka service (Source:Type = Kafka): loads the model bundle and runs a
/// <see cref="KafkaDetector"/> until the host stops; then it drains, flushes, commits and leaves the group.
/// Alerts go to Kafka:AlertsTopic, and also to the console when Sinks:Console is on.
/// </summary>
public sealed partial class KafkaDetectorService(
    IOptions<KafkaOptions> kafkaOptions,
    IOptions<SourceOptions> sourceOptions,
    IOptions<ModelOptions> modelOptions,
    IOptions<SinkOptions> sinkOptions,
    IOptions<WindowingOptions> windowing,
    IOptions<PipelineOptions> pipelineOptions,
    IOptions<EpisodeOptions> episodeOptions,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers,
    RunOutput output) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<KafkaDetectorService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var bundlePath = PathResolver.Resolve(modelOptions.Value.Path);
            var bundle = ModelBundle.Read(bundlePath);
            ModelBundleLoader.EnsureFits(bundle, windowing.Value.WindowLength, channels: null);
            using var model = ModelBundleLoader.Load(bundle);
            LogModelLoaded(_logger, model.Descriptor.Name, model.Descriptor.Version, bundlePath);

            // Named channels are read in the model's channel order unless Source:Json names them itself.
            var format = sourceOptions.Value.Json;
            format.ChannelNames ??= model.Descriptor.ChannelNames;
            await using IAlertSink? console = sinkOptions.Value.Console ? new ConsoleAlertSink(output.Writer) : null;
            var detector = new KafkaDetector(kafkaOptions.Value, format, windowing.Value, pipelineOptions.Value, episodeOptions.Value, new ModelSlot(model), loggers, console);
            await detector.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ModelBundleException or InvalidDataException or FileNotFoundException or ArgumentException)
        {
            LogCannotRun(_logger, ex.Message);
            output.ExitCode = 2;
        }
        catch (Exception ex)
        {
            LogCrashed(_logger, ex);
            output.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Name} {Version} loaded from {Path}")]
    private static partial void LogModelLoaded(ILogger logger, string name, string version, string path);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Cannot run the Kafka detector: {Problem}")]
    private static partial void LogCannotRun(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Kafka detector crashed")]
    private static partial void LogCrashed(ILogger logger, Exception exception);
}
