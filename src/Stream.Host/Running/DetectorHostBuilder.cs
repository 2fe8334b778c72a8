using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamAE.Core.Alerts;
using StreamAE.Core.Pipeline;
using StreamAE.Host.Configuration;
using StreamAE.Host.Running.Kafka;

namespace StreamAE.Host.Running;

/// <summary>
/// Builds the detector host: configuration from appsettings.json (next to the binary, then the working directory),
/// STREAMAE_-prefixed environment variables (e.g. STREAMAE_Source__Path) and --Section:Key=value arguments;
/// options bound and validated at start; logs to standard error so standard output carries alerts only.
/// </summary>
public static class DetectorHostBuilder
{
    public static HostApplicationBuilder Create(string[] configArgs, RunOutput output)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), $"appsettings.{builder.Environment.EnvironmentName}.json"), optional: true)
            .AddEnvironmentVariables("STREAMAE_")
            .AddCommandLine(configArgs);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var services = builder.Services;
        services.AddOptions<SourceOptions>().Bind(builder.Configuration.GetSection(SourceOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SourceOptions>, SourceOptionsValidator>();
        services.AddOptions<ModelOptions>().Bind(builder.Configuration.GetSection(ModelOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Model:Path is required.").ValidateOnStart();
        services.AddOptions<SinkOptions>().Bind(builder.Configuration.GetSection(SinkOptions.Section));
        services.AddOptions<WindowingOptions>().Bind(builder.Configuration.GetSection("Pipeline")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PipelineOptions>().Bind(builder.Configuration.GetSection("Pipeline")).ValidateDataAnnotations()
            .Validate(o => o.MaxBatchWait > TimeSpan.Zero, "Pipeline:MaxBatchWait must be positive.").ValidateOnStart();
        services.AddOptions<EpisodeOptions>().Bind(builder.Configuration.GetSection("Episodes")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(output);
        services.AddSingleton(TimeProvider.System);
        if (!services.TryAddKafkaDetector(builder.Configuration))
        {
            services.AddHostedService<DetectorWorker>();
        }
        return builder;
    }
}
