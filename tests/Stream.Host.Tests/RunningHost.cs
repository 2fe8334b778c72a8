using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamAE.Host.Running;

namespace StreamAE.Host.Tests;

/// <summary>A detector host started in process from its real builder, with its logs captured and, when HTTP is on, a client.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private RunningHost(IHost host, RunOutput output, StringWriter writer, LogCollector logs, int? port)
    {
        Host = host;
        Output = output;
        Writer = writer;
        Logs = logs;
        if (port is { } p)
        {
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p}"), Timeout = TimeSpan.FromSeconds(10) };
        }

        Run = host.RunAsync(_stop.Token);
    }

    public IHost Host { get; }

    public RunOutput Output { get; }

    public StringWriter Writer { get; }

    public LogCollector Logs { get; }

    public HttpClient? Http { get; }

    /// <summary>Completes when the host stops (a finite source ends, or <see cref="StopAsync"/>).</summary>
    public Task Run { get; }

    public T Get<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    public static RunningHost Start(bool http, params string[] args)
    {
        int? port = http ? FreePort() : null;
        var all = http ? [.. args, "--Http:Enabled=true", $"--Http:Port={port}"] : args;
        var writer = new StringWriter();
        var output = new RunOutput(TextWriter.Synchronized(writer));
        var builder = DetectorHostBuilder.Create(all, output);
        var logs = new LogCollector();
        builder.Logging.AddProvider(logs);
        return new RunningHost(builder.Build(), output, writer, logs, port);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            await _stop.CancelAsync();
        }

        try
        {
            await Run;
        }
        finally
        {
            Http?.Dispose();
            Host.Dispose();
            _stop.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Collects formatted log lines of every category.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public bool Contains(string text) => _lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
    }
}
