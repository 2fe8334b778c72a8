using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;

namespace StreamAE.Connectors.Tests;

public class PacedReadingSourceTests
{
    private sealed class Minutes(int count) : IReadingSource
    {
        public string Name => "minutes";

        public async IAsyncEnumerable<Reading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.CompletedTask;
            for (var i = 0; i < count; i++)
            {
                yield return new Reading("s", DateTimeOffset.UnixEpoch.AddMinutes(i), [i]);
            }
        }
    }

    /// <summary>A fake clock that counts the timers armed on it, so the test advances only once the reader is waiting.</summary>
    private sealed class ObservedTime : FakeTimeProvider
    {
        private int _timers;

        public int TimersArmed => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            // Counted once armed: the due time is fixed against the clock inside base.CreateTimer.
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timers);
            return timer;
        }
    }

    [Fact]
    public async Task Readings_are_released_at_the_speed_up_factor_of_their_timestamps()
    {
        var time = new ObservedTime();
        var paced = new PacedReadingSource(new Minutes(3), speed: 60, time); // a minute of data per second
        var received = new List<float>();
        var reading = Task.Run(async () =>
        {
            await foreach (var r in paced.ReadAsync(TestContext.Current.CancellationToken))
            {
                lock (received)
                {
                    received.Add(r.Values[0]);
                }
            }
        }, TestContext.Current.CancellationToken);

        // The first reading comes at once; the reader then arms a timer for the second (due 1 s of fake time later).
        // Advancing only after that timer exists keeps a descheduled reader from arming it after the clock moved.
        await WaitFor(() => Count(received) == 1 && time.TimersArmed == 1);
        time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(50, TestContext.Current.CancellationToken); // give a wrongly early release the chance to show
        Assert.Equal(1, Count(received));
        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitFor(() => Count(received) == 2 && time.TimersArmed == 2);
        time.Advance(TimeSpan.FromSeconds(1));
        await reading.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal([0f, 1f, 2f], received);
    }

    private static int Count(List<float> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        // Generous deadline: on a loaded 2-core CI box the reader task can be starved for seconds.
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
