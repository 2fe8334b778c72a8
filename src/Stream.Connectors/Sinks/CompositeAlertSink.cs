using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Sinks;

/// <summary>Sends every alert to several sinks, in order.</summary>
public sealed class CompositeAlertSink(IReadOnlyList<IAlertSink> sinks) : IAlertSink
{
    public async ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            await sink.WriteAsync(alert, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sink in sinks)
        {
            await sink.DisposeAsync().ConfigureAwait(false);
        }
    }
}
