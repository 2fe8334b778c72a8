using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// The batching stage: like Rx's <c>Buffer(timeSpan, count)</c> — a batch closes when it holds the maximum count or
/// when its first item has waited the maximum time — and it also closes on demand, whenever <c>flushes</c> fires.
/// The runner flushes when its input runs dry (so a quiet stream is scored at once instead of after the maximum wait)
/// and before a source command that needs every formed window scored (checkpoints, rebalances).
/// Batches are emitted under one gate, so the downstream stages never run concurrently.
/// </summary>
public static class WindowBatching
{
    public static IObservable<IList<T>> Batch<T>(this IObservable<T> source, int maxSize, TimeSpan maxWait, IScheduler scheduler, IObservable<Unit>? flushes = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxWait, TimeSpan.Zero);
        return Observable.Create<IList<T>>(observer =>
        {
            var gate = new object();
            var batch = new List<T>(maxSize);
            var timer = new SerialDisposable();
            var generation = 0L;
            var stopped = false;

            // Called under the gate: hand the current batch on and start a new one.
            void Emit()
            {
                if (batch.Count == 0)
                {
                    return;
                }

                var full = batch;
                batch = new List<T>(maxSize);
                generation++;
                timer.Disposable = Disposable.Empty;
                observer.OnNext(full);
            }

            var flushSubscription = flushes?.Subscribe(_ =>
            {
                lock (gate)
                {
                    if (!stopped)
                    {
                        Emit();
                    }
                }
            });

            var subscription = source.Subscribe(
                item =>
                {
                    lock (gate)
                    {
                        batch.Add(item);
                        if (batch.Count >= maxSize)
                        {
                            Emit();
                            return;
                        }

                        if (batch.Count == 1)
                        {
                            var due = generation;
                            timer.Disposable = scheduler.Schedule(maxWait, () =>
                            {
                                lock (gate)
                                {
                                    if (!stopped && generation == due)
                                    {
                                        Emit();
                                    }
                                }
                            });
                        }
                    }
                },
                error =>
                {
                    lock (gate)
                    {
                        stopped = true;
                        timer.Dispose();
                        observer.OnError(error);
                    }
                },
                () =>
                {
                    lock (gate)
                    {
                        Emit();
                        stopped = true;
                        timer.Dispose();
                        observer.OnCompleted();
                    }
                });

            return new CompositeDisposable(subscription, timer, flushSubscription ?? Disposable.Empty);
        });
    }
}
