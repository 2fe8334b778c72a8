using System.Threading.Channels;
using StreamAE.Core.Drift;

namespace StreamAE.Connectors.Sinks;

/// <summary>
/// Drift events from the scoring thread to their sinks (Kafka, the JSONL file, the console) without making the
/// scoring thread wait: <see cref="Post"/> only enqueues; one task writes each event to every sink in order and
/// flushes them. A sink that fails is reported to <c>onFailure</c> (the event stays in the other sinks) and the
/// queue goes on. Disposing drains the queue and flushes; the sinks themselves stay the caller's.
/// </summary>
public sealed class QueuedDriftEventSink : IAsyncDisposable
{
    private readonly IReadOnlyList<IDriftEventSink> _sinks;
    private readonly Action<DriftEvent, Exception> _onFailure;
    private readonly Channel<DriftEvent> _queue = Channel.CreateUnbounded<DriftEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _pump;

    public QueuedDriftEventSink(IReadOnlyList<IDriftEventSink> sinks, Action<DriftEvent, Exception> onFailure)
    {
        _sinks = sinks;
        _onFailure = onFailure;
        _pump = Task.Run(PumpAsync);
    }

    public void Post(IEnumerable<DriftEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var drift in events)
        {
            _queue.Writer.TryWrite(drift);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        await foreach (var drift in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var sink in _sinks)
            {
                try
                {
                    await sink.WriteAsync(drift, CancellationToken.None).ConfigureAwait(false);
                    await sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    _onFailure(drift, ex);
                }
            }
        }
    }
}
