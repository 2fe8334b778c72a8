using System.Threading.Channels;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Sinks;

/// <summary>
/// Puts a sink that must be written one call at a time (a file stream, the console) behind a queue: writes only
/// enqueue, so a caller may fire and forget them (as the Kafka detection loop does with its mirror), and one task
/// writes them to the inner sink in order. <see cref="FlushAsync"/> returns once everything queued before it is written
/// and flushed.
/// </summary>
public sealed class QueuedAlertSink : IAlertSink
{
    private readonly IAlertSink _inner;
    private readonly Channel<(Alert? Alert, TaskCompletionSource? Flushed)> _queue =
        Channel.CreateUnbounded<(Alert?, TaskCompletionSource?)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _pump;

    public QueuedAlertSink(IAlertSink inner)
    {
        _inner = inner;
        _pump = Task.Run(PumpAsync);
    }

    public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite((alert, null)))
        {
            throw new ObjectDisposedException(nameof(QueuedAlertSink));
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((null, flushed)))
        {
            throw new ObjectDisposedException(nameof(QueuedAlertSink));
        }

        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
        await _inner.DisposeAsync().ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        Exception? failure = null;
        await foreach (var (alert, flushed) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (alert is not null)
                {
                    await _inner.WriteAsync(alert, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await _inner.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                failure = ex; // reported to the next flush, which is where the caller waits for delivery
            }

            if (flushed is not null)
            {
                if (failure is null)
                {
                    flushed.TrySetResult();
                }
                else
                {
                    flushed.TrySetException(failure);
                    failure = null;
                }
            }
        }

        await _inner.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
