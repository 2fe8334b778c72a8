using System.Reactive;
using System.Reactive.Subjects;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamAE.Core.Domain;
using StreamAE.Core.Health;
using StreamAE.Core.IO;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// Runs a source through a <see cref="DetectionPipeline"/> into a sink — the one path of every source. The source
/// writes into a bounded channel (the backpressure point Rx lacks); one loop, the pump, pushes its items into the Rx
/// chain in order: readings to the windows, rejected records to the bad-input handler, commands run in place (after
/// the open batch is scored when they need a consistent point). When the channel runs dry the open batch is scored at
/// once (so a quiet stream does not wait <see cref="PipelineOptions.MaxBatchWait"/>; under load batches fill up).
/// Alerts are handed to the sink as they come out (sinks only enqueue: wrap slow ones in a queue).
/// Cancellation stops the source, then the pipeline drains: buffered windows are scored, alerts written, the sink
/// flushed. The pump beats the <see cref="PipelineHeartbeat"/> as it goes and while idle, which is what liveness checks.
/// </summary>
public sealed partial class PipelineRunner(
    DetectionPipeline pipeline,
    PipelineOptions options,
    ILogger<PipelineRunner> logger,
    PipelineHeartbeat? heartbeat = null,
    SourceStatus? sourceStatus = null)
{
    // Beat at least this often while items keep coming (a beat reads the clock).
    private const int ItemsPerBeat = 256;

    public PipelineHeartbeat Heartbeat { get; } = heartbeat ?? new PipelineHeartbeat();

    public DetectionPipeline Pipeline => pipeline;

    public SourceStatus? SourceStatus => sourceStatus;

    public Task RunAsync(IReadingSource source, IAlertSink sink, Action<ScoredBatch>? onScored, CancellationToken cancellationToken) =>
        RunAsync(new ReadingSourceInput(source), sink, onScored, cancellationToken);

    public async Task RunAsync(IPipelineSource source, IAlertSink sink, Action<ScoredBatch>? onScored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sink);
        var channel = Channel.CreateBounded<SourceItem>(new BoundedChannelOptions(options.ChannelCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var failure = new FailureBox();
        using var readings = new Subject<Reading>();
        using var flushes = new Subject<Unit>();
        using var subscription = pipeline.Build(readings, flushes, onScored).Subscribe(
            alert => Deliver(sink, alert, failure),
            failure.Set);

        using var stopSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var input = new ChannelInput(channel, options.ChannelCapacity);
        var produce = Task.Run(() => ProduceAsync(source, input, channel.Writer, stopSource.Token), CancellationToken.None);
        try
        {
            await OnOwnThread(() =>
            {
                Pump(channel.Reader, readings, flushes, failure, cancellationToken);
                readings.OnCompleted();
                failure.ThrowIfSet();
            }).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogPipelineFailed(logger, ex, source.Name);
            await stopSource.CancelAsync().ConfigureAwait(false);
            while (channel.Reader.TryRead(out _))
            {
                // Unblock a source waiting for room; what it had queued is not processed (and, for Kafka, not committed).
            }

            await produce.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        await produce.ConfigureAwait(false);
        await sink.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Hands an alert to the sink on the scoring thread; a sink failure fails the run (never the scheduler thread).</summary>
    private static void Deliver(IAlertSink sink, Alert alert, FailureBox failure)
    {
        try
        {
            var write = sink.WriteAsync(alert, CancellationToken.None);
            if (!write.IsCompletedSuccessfully)
            {
                write.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception ex)
        {
            failure.Set(ex);
        }
    }

    /// <summary>
    /// Runs the pump on a thread of its own: it is a long-lived loop that scores (ONNX Runtime) in place, and on the
    /// thread pool it would both hold a pool thread and wait behind blocked ones for every wake-up (pool starvation
    /// showed as half-second stalls under load).
    /// </summary>
    private static Task OnOwnThread(Action pump)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                pump();
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        { IsBackground = true, Name = "pipeline-pump" };
        thread.Start();
        return done.Task;
    }

    /// <summary>Items into the Rx chain until the source completes (or fails: its error is rethrown here), beating as it goes.</summary>
    private void Pump(ChannelReader<SourceItem> reader, Subject<Reading> readings, Subject<Unit> flushes, FailureBox failure, CancellationToken cancellationToken)
    {
        Task<bool>? waiting = null;
        try
        {
            while (true)
            {
                var taken = 0;
                while (reader.TryRead(out var item))
                {
                    if (item.Reading is { } reading)
                    {
                        readings.OnNext(reading);
                    }
                    else if (item.Rejected is { } rejected)
                    {
                        pipeline.Reject(rejected);
                    }
                    else if (item.Command is { } command)
                    {
                        if (command.Drains)
                        {
                            flushes.OnNext(Unit.Default);
                            failure.ThrowIfSet();
                        }

                        var run = command.ExecuteAsync(pipeline, cancellationToken);
                        if (!run.IsCompletedSuccessfully)
                        {
                            run.AsTask().GetAwaiter().GetResult();
                        }
                    }

                    if (++taken % ItemsPerBeat == 0)
                    {
                        Heartbeat.Beat();
                        failure.ThrowIfSet();
                    }
                }

                // The input ran dry: score what is batched now rather than wait for the batch to fill.
                flushes.OnNext(Unit.Default);
                failure.ThrowIfSet();
                Heartbeat.Beat();
                waiting ??= reader.WaitToReadAsync(CancellationToken.None).AsTask();
                if (Task.WaitAny([waiting], Heartbeat.Interval) < 0)
                {
                    continue; // idle for a beat interval: loop to beat again (the same wait goes on)
                }

                var more = waiting.GetAwaiter().GetResult(); // rethrows the source's failure
                waiting = null;
                if (!more)
                {
                    return;
                }
            }
        }
        finally
        {
            Heartbeat.Stop();
        }
    }

    private async Task ProduceAsync(IPipelineSource source, IPipelineInput input, ChannelWriter<SourceItem> writer, CancellationToken cancellationToken)
    {
        sourceStatus?.MarkConsuming($"reading {source.Name}");
        try
        {
            await source.RunAsync(input, cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Source {Source} stopped on request; draining the pipeline")]
    private static partial void LogSourceStopped(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline failed while reading {Source}")]
    private static partial void LogPipelineFailed(ILogger logger, Exception exception, string source);

    /// <summary>The channel as the source sees it.</summary>
    private sealed class ChannelInput(Channel<SourceItem> channel, int capacity) : IPipelineInput
    {
        public int Queued => channel.Reader.Count;

        public int Capacity => capacity;

        public bool TryWrite(SourceItem item) => channel.Writer.TryWrite(item);

        public ValueTask WriteAsync(SourceItem item, CancellationToken cancellationToken) => channel.Writer.WriteAsync(item, cancellationToken);
    }

    /// <summary>A plain stream of readings as a pipeline source.</summary>
    private sealed class ReadingSourceInput(IReadingSource source) : IPipelineSource
    {
        public string Name => source.Name;

        public async Task RunAsync(IPipelineInput input, CancellationToken cancellationToken)
        {
            await foreach (var reading in source.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await input.WriteAsync(reading, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The first failure of the Rx chain or the sink, raised on the pump.</summary>
    private sealed class FailureBox
    {
        private Exception? _failure;

        public void Set(Exception exception) => Interlocked.CompareExchange(ref _failure, exception, null);

        public void ThrowIfSet()
        {
            if (Volatile.Read(ref _failure) is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }
    }
}
