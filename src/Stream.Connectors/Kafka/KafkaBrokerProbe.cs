using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StreamAE.Core.Observability;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// Start-up check that some broker of <see cref="KafkaOptions.BootstrapServers"/> answers (a metadata request for the
/// input topic), retried until <see cref="KafkaOptions.StartTimeout"/>. A consumer would otherwise retry an unreachable
/// or garbage address forever while the service looks alive; with the probe it stays not-ready, then exits with a
/// clear message. Client errors meanwhile are counted and logged rate-limited.
/// </summary>
public sealed class KafkaBrokerProbe(KafkaOptions options, ILogger logger, StreamAeMetrics? metrics = null)
{
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(2);

    /// <summary>Null once a broker answered; else the last problem seen when <paramref name="timeout"/> ran out.</summary>
    /// <exception cref="OperationCanceledException">The service was asked to stop meanwhile.</exception>
    public async Task<string?> WaitForBrokerAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var errors = new KafkaClientErrorLog("admin", logger, metrics);
        string? reported = null; // the client's own description (e.g. "Failed to resolve 'x'"), better than the timeout's
        string? last = null;
        using var admin = new AdminClientBuilder(KafkaClientConfigs.Admin(options))
            .SetErrorHandler((_, error) =>
            {
                if (error.Code != ErrorCode.Local_AllBrokersDown)
                {
                    Volatile.Write(ref reported, error.Reason);
                }

                errors.Report(error);
            })
            .SetLogHandler((_, _) => { })
            .Build();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return Volatile.Read(ref reported) ?? Volatile.Read(ref last) ?? "no answer";
            }

            var wait = left < Attempt ? left : Attempt;
            try
            {
                var metadata = await Task.Run(() => admin.GetMetadata(options.InputTopic, wait), cancellationToken).ConfigureAwait(false);
                if (metadata.Brokers.Count > 0)
                {
                    return null;
                }
            }
            catch (KafkaException ex)
            {
                Volatile.Write(ref last, ex.Error.Reason);
            }
        }
    }
}
