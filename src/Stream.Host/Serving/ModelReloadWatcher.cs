using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamAE.Host.Configuration;

namespace StreamAE.Host.Serving;

/// <summary>
/// With Model:Watch on, looks at the model location when files change there (after Model:Debounce of quiet, so a
/// copy can finish) and every Model:PollInterval anyway (file events are lost on some mounts), and lets
/// <see cref="ServingModel"/> validate and swap in what changed.
/// </summary>
public sealed partial class ModelReloadWatcher(
    ServingModel serving,
    IOptions<ModelOptions> options,
    TimeProvider time,
    ILogger<ModelReloadWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Watch)
        {
            return;
        }

        try
        {
            await serving.Loaded.WaitAsync(stoppingToken).ConfigureAwait(false);
            await WatchAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        var changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
        using var watcher = CreateFileWatcher(serving.Location.Root, changes.Writer);
        LogWatching(logger, serving.Location.Root, watcher is null ? "polling only" : "file events and polling", options.Value.PollInterval);
        var poll = options.Value.PollInterval;
        var debounce = options.Value.Debounce;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(poll);
            var changed = false;
            try
            {
                changed = await changes.Reader.WaitToReadAsync(tick.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Poll interval elapsed without file events: look anyway.
            }

            if (changed)
            {
                // Debounce: wait until the files have been quiet for a while.
                do
                {
                    while (changes.Reader.TryRead(out _))
                    {
                    }

                    await Task.Delay(debounce, time, stoppingToken).ConfigureAwait(false);
                }
                while (changes.Reader.TryRead(out _));
            }

            try
            {
                serving.TryReload();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The location itself is unreadable for now (a remount, a permission change): keep serving, look again later.
                LogLookFailed(logger, serving.Location.Root, ex.Message);
            }
        }
    }

    private FileSystemWatcher? CreateFileWatcher(string root, ChannelWriter<string> changes)
    {
        try
        {
            var watcher = new FileSystemWatcher(root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            FileSystemEventHandler onChange = (_, e) => changes.TryWrite(e.FullPath);
            watcher.Changed += onChange;
            watcher.Created += onChange;
            watcher.Deleted += onChange;
            watcher.Renamed += (_, e) => changes.TryWrite(e.FullPath);
            watcher.Error += (_, e) => LogWatcherError(logger, e.GetException().Message);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            LogWatcherError(logger, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Path} for new model bundles ({How}, poll every {PollInterval})")]
    private static partial void LogWatching(ILogger logger, string path, string how, TimeSpan pollInterval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot look at the model location {Path}: {Problem}; the model in service keeps serving")]
    private static partial void LogLookFailed(ILogger logger, string path, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File events for the model location are unavailable ({Problem}); polling continues")]
    private static partial void LogWatcherError(ILogger logger, string problem);
}
