using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.Alerts;
using StreamAE.Core.Drift;
using StreamAE.Core.Calibration;
using StreamAE.Core.Health;
using StreamAE.Core.Observability;
using StreamAE.Core.Pipeline;
using StreamAE.Host.Configuration;
using StreamAE.Host.Health;
using StreamAE.Host.Serving;

namespace StreamAE.Host.Running;

/// <summary>
/// Builds the detector host: configuration from appsettings.json (next to the binary, then the working directory),
/// STREAMAE_-prefixed environment variables (e.g. STREAMAE_Source__Path) and --Section:Key=value arguments;
/// options bound and validated at start; logs to standard error so standard output carries alerts only.
/// With Http:Enabled the host is an ASP.NET Core app serving /health/live, /health/ready and /metrics on Http:Port;
/// without it, a plain console host (the default run). Telemetry:OtlpEndpoint adds OTLP export of metrics and traces.
/// </summary>
public sealed class DetectorHostBuilder
{
    private readonly HostApplicationBuilder? _console;
    private readonly WebApplicationBuilder? _web;

    private DetectorHostBuilder(HostApplicationBuilder? console, WebApplicationBuilder? web)
    {
        _console = console;
        _web = web;
    }

    public IHostApplicationBuilder Builder => (IHostApplicationBuilder?)_web ?? _console!;

    public IServiceCollection Services => Builder.Services;

    public IConfigurationManager Configuration => Builder.Configuration;

    public ILoggingBuilder Logging => Builder.Logging;

    /// <summary>True when the host serves HTTP (health and metrics).</summary>
    public bool ServesHttp => _web is not null;

    public static DetectorHostBuilder Create(string[] configArgs, RunOutput output)
    {
        // The configuration decides what kind of host to build, so read it once up front.
        var settings = new ConfigurationManager();
        AddSources(settings, configArgs, Environments.Production);
        var http = settings.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new HttpOptions();
        var telemetry = settings.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();

        DetectorHostBuilder result;
        if (http.Enabled)
        {
            var web = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            web.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.ListenAnyIP(http.Port is >= 0 and <= 65_535 ? http.Port : 0));
            web.Services.AddRoutingCore();
            result = new DetectorHostBuilder(null, web);
        }
        else
        {
            result = new DetectorHostBuilder(Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
            {
                ContentRootPath = AppContext.BaseDirectory,
            }), null);
        }

        var builder = result.Builder;
        AddSources(builder.Configuration, configArgs, builder.Environment.EnvironmentName);
        ConfigureLogging(builder, telemetry);
        ConfigureServices(builder, output);
        ConfigureTelemetry(builder.Services, http.Enabled, telemetry);
        return result;
    }

    public IHost Build()
    {
        if (_console is not null)
        {
            return _console.Build();
        }

        var app = _web!.Build();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live"), ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static void AddSources(IConfigurationBuilder configuration, string[] configArgs, string environment) =>
        configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), $"appsettings.{environment}.json"), optional: true)
            .AddEnvironmentVariables("STREAMAE_")
            .AddCommandLine(configArgs);

    private static void ConfigureLogging(IHostApplicationBuilder builder, TelemetryOptions telemetry)
    {
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        if (telemetry.JsonConsole)
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }

        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    private static void ConfigureServices(IHostApplicationBuilder builder, RunOutput output)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout(configuration));
        services.AddSystemd(); // a no-op unless started by systemd (Type=notify, journal-formatted logs)

        var rules = new ServiceOptionsValidator();
        services.AddValidatedOptions<SourceOptions>(configuration, SourceOptions.Section, new SourceOptionsValidator());
        services.AddValidatedOptions<ModelOptions>(configuration, ModelOptions.Section, rules);
        services.AddValidatedOptions<HttpOptions>(configuration, HttpOptions.Section, rules);
        services.AddValidatedOptions<HealthOptions>(configuration, HealthOptions.Section, rules);
        services.AddValidatedOptions<TelemetryOptions>(configuration, TelemetryOptions.Section, rules);
        services.AddValidatedOptions<KafkaOptions>(configuration, KafkaOptions.Section, new KafkaOptionsValidator(configuration));
        services.AddValidatedOptions<SinkOptions>(configuration, SinkOptions.Section, rules);
        services.AddValidatedOptions<InputLimits>(configuration, InputLimits.Section);
        services.AddValidatedOptions<WindowingOptions>(configuration, "Pipeline");
        services.AddValidatedOptions<PipelineOptions>(configuration, "Pipeline");
        services.AddValidatedOptions<EpisodeOptions>(configuration, "Episodes");
        services.AddValidatedOptions<DriftOptions>(configuration, DriftOptions.Section, new DriftOptionsValidator(configuration));
        services.AddValidatedOptions<CalibrationOptions>(configuration, CalibrationOptions.Section, rules);

        services.AddSingleton(output);
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton(sp => new StreamAeMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new PipelineHeartbeat(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SourceStatus>();
        services.AddSingleton(sp =>
        {
            var drift = new DriftStatus();
            sp.GetRequiredService<StreamAeMetrics>().ObserveDrift(drift.Counts);
            return drift;
        });
        services.AddSingleton<ServingModel>();
        services.AddHealthChecks()
            .AddCheck<PipelineLivenessCheck>("pipeline", tags: ["live"])
            .AddCheck<DetectorReadinessCheck>("detector", tags: ["ready"]);
        services.AddHostedService<DetectorWorker>();
        services.AddHostedService<ModelReloadWatcher>();
    }

    /// <summary>
    /// How long the host waits for the worker to stop: 30 s, or longer when Kafka:CloseTimeout (which bounds the Kafka
    /// service's own stop) needs it, so the worker always ends the stop itself. Read raw: a bad value is reported by validation.
    /// </summary>
    private static TimeSpan ShutdownTimeout(IConfiguration configuration)
    {
        var floor = TimeSpan.FromSeconds(30);
        return TimeSpan.TryParse(configuration[$"{KafkaOptions.Section}:{nameof(KafkaOptions.CloseTimeout)}"], System.Globalization.CultureInfo.InvariantCulture, out var close)
            && close + TimeSpan.FromSeconds(5) > floor
            ? close + TimeSpan.FromSeconds(5)
            : floor;
    }

    private static void ConfigureTelemetry(IServiceCollection services, bool prometheus, TelemetryOptions telemetry)
    {
        var otlp = telemetry.OtlpEndpoint is { Length: > 0 } endpoint && ServiceOptionsValidator.IsHttpUri(endpoint) ? new Uri(endpoint) : null;
        if (!prometheus && otlp is null)
        {
            return; // nothing exports: the meter still counts, at no cost beyond that
        }

        var openTelemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("streamae", serviceVersion: typeof(DetectorHostBuilder).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(StreamAeMetrics.MeterName);

                // .NET's own runtime meter: GC heap size and fragmentation, working set, so resident memory can be read beside the managed heap.
                metrics.AddMeter("System.Runtime");
                if (prometheus)
                {
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        if (otlp is not null)
        {
            openTelemetry.WithTracing(tracing => tracing.AddSource(StreamAeActivities.SourceName).AddOtlpExporter(o => o.Endpoint = otlp));
        }
    }
}
