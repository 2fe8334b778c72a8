using Confluent.Kafka;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Counts messages handed to the producer but not yet acknowledged, and remembers the first failure, so a commit
/// can wait until everything produced before it is durably on the broker.
/// </summary>
public sealed class DeliveryTracker
{
    private long _pending;
    private Error? _failure;
    private string? _failedTopic;

    public long Pending => Interlocked.Read(ref _pending);

    internal void Sent() => Interlocked.Increment(ref _pending);

    internal void Completed(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.CompareExchange(ref _failure, report.Error, null);
            _failedTopic ??= report.Topic;
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

        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw new KafkaDeliveryException($"Producing to '{_failedTopic}' failed: {failure.Reason} ({failure.Code}).");
        }
    }
}
