using System.Reactive.Subjects;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamAE.Core.Domain;
using StreamAE.Core.Health;
using StreamAE.Core.IO;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// Runs a source through a <see cref="DetectionPipeline"/> into a sink. The source writes into a bounded channel
/// (the backpressure point Rx lacks); one loop pushes readings into the Rx chain; alerts go to the sink on their own
/// loop. Cancellation stops the source, then the pipeline drains: buffered batches are scored, alerts written, the sink flushed.
/// The loop beats the <see cref="PipelineHeartbeat"/> for every reading and while idle, which is what liveness checks.
/// </summary>
public sealed partial class PipelineRunner(
    DetectionPipeline pipeline,
    PipelineOptions options,
    ILogger<PipelineRunner> logger,
    PipelineHeartbeat? heartbeat = null,
    SourceStatus? sourceStatus = null)
{
    public PipelineHeartbeat Heartbeat { get; } = heartbeat ?? new PipelineHeartbeat();

    public async Task RunAsync(IReadingSource source, IAlertSink sink, Action<ScoredBatch>? onScored, CancellationToken cancellationToken)
    {
        var readings = Channel.CreateBounded<Reading>(new BoundedChannelOptions(options.ChannelCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var alerts = Channel.CreateUnbounded<Alert>(new UnboundedChannelOptions { SingleReader = true });

        using var input = new Subject<Reading>();
        using var subscription = pipeline.Build(input, onScored).Subscribe(
            alert => alerts.Writer.TryWrite(alert),
            error => alerts.Writer.TryComplete(error),
            () => alerts.Writer.TryComplete());

        var produce = Task.Run(() => ProduceAsync(source, readings.Writer, cancellationToken), CancellationToken.None);
        var deliver = Task.Run(() => DeliverAsync(alerts.Reader, sink), CancellationToken.None);

        try
        {
            await PumpAsync(readings.Reader, input).ConfigureAwait(false);
            input.OnCompleted();
        }
        catch (Exception ex)
        {
            LogPipelineFailed(logger, ex, source.Name);
            input.OnError(ex);
            alerts.Writer.TryComplete(ex);
            await Task.WhenAll(produce, deliver.ContinueWith(_ => { }, TaskScheduler.Default)).ConfigureAwait(false);
            throw;
        }

        await produce.ConfigureAwait(false);
        await deliver.ConfigureAwait(false);
    }

    /// <summary>Readings into the Rx chain until the source completes (or fails: its error is rethrown here), beating as it goes.</summary>
    private async Task PumpAsync(ChannelReader<Reading> reader, Subject<Reading> input)
    {
        try
        {
            while (true)
            {
                while (reader.TryRead(out var reading))
                {
                    input.OnNext(reading);
                    Heartbeat.Beat();
                }

                Heartbeat.Beat();
                using var idle = new CancellationTokenSource(Heartbeat.Interval);
                try
                {
                    if (!await reader.WaitToReadAsync(idle.Token).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (idle.IsCancellationRequested)
                {
                    // Idle for a beat interval: loop to beat again.
                }
            }
        }
        finally
        {
            Heartbeat.Stop();
        }
    }

    private async Task ProduceAsync(IReadingSource source, ChannelWriter<Reading> writer, CancellationToken cancellationToken)
    {
        sourceStatus?.MarkConsuming($"reading {source.Name}");
        try
        {
            await foreach (var reading in source.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(reading, cancellationToken).ConfigureAwait(false);
            }

            writer.TryComplete();
            sourceStatus?.MarkStopped($"{source.Name} finished");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogSourceStopped(logger, source.Name);
            sourceStatus?.MarkStopped($"{source.Name} stopped");
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            sourceStatus?.MarkStopped($"{source.Name} failed: {ex.Message}");
            writer.TryComplete(ex);
        }
    }

    private static async Task DeliverAsync(ChannelReader<Alert> alerts, IAlertSink sink)
    {
        // Not cancellable on purpose: alerts already produced are delivered before the run ends.
        await foreach (var alert in alerts.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await sink.WriteAsync(alert, CancellationToken.None).ConfigureAwait(false);
        }

        await sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} stopped on request; draining the pipeline")]
    private static partial void LogSourceStopped(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline failed while reading {Source}")]
    private static partial void LogPipelineFailed(ILogger logger, Exception exception, string source);
}
