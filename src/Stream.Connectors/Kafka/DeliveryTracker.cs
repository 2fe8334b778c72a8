using Confluent.Kafka;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Counts messages handed to the producer but not yet acknowledged, and remembers the first failure, so a commit
/// can wait until everything produced before it is durably on the broker and the service stops on the first message
/// the broker will not take (offsets must never move past it).
/// </summary>
public sealed class DeliveryTracker
{
    private readonly Lock _lock = new();
    private readonly List<(string Topic, Error Error)> _failures = [];
    private long _pending;

    /// <summary>Raised once, on the delivery-report thread, when the first delivery fails for good.</summary>
    public event Action? Failed;

    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>
    /// Why deliveries failed — the first failure of each topic, in the order they happened — as the exception the
    /// service stops with; null while none failed.
    /// </summary>
    public KafkaDeliveryException? Failure
    {
        get
        {
            lock (_lock)
            {
                return _failures.Count == 0
                    ? null
                    : new KafkaDeliveryException(string.Join(" ", _failures.Select(f => $"Producing to '{f.Topic}' failed: {f.Error.Reason} ({f.Error.Code}).")));
            }
        }
    }

    internal void Sent() => Interlocked.Increment(ref _pending);

    internal void Completed(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            bool first;
            lock (_lock)
            {
                first = _failures.Count == 0;
                if (!_failures.Exists(f => f.Topic == report.Topic))
                {
                    _failures.Add((report.Topic, report.Error));
                }
            }

            if (first)
            {
                Failed?.Invoke();
            }
        }

        Interlocked.Decrement(ref _pending);
    }

    /// <summary>Flushes the producer until nothing is pending; throws if any delivery failed or time ran out.</summary>
    public async Task WaitAllDeliveredAsync(IProducer<byte[], byte[]> producer, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Pending > 0)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new KafkaDeliveryException($"{Pending} message(s) not acknowledged by the broker within {timeout.TotalSeconds:0.#} s.");
            }

            // Flush blocks; keep it off the caller's thread and short so the loop re-checks the deadline.
            await Task.Run(() => producer.Flush(TimeSpan.FromMilliseconds(Math.Min(left.TotalMilliseconds, 500)))).ConfigureAwait(false);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
