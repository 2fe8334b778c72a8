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

    [Fact]
    public async Task Readings_are_released_at_the_speed_up_factor_of_their_timestamps()
    {
        var time = new FakeTimeProvider();
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

        await WaitFor(() => Count(received) == 1);
        time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(50, TestContext.Current.CancellationToken); // give a wrongly early release the chance to show
        Assert.Equal(1, Count(received));
        // Due now. The reader may have computed its wait before the last advance and armed its timer after it, one
        // fake tick late, so step the clock a millisecond at a time (up to 10 ms) until the reading comes out.
        var start = time.GetUtcNow() - TimeSpan.FromMilliseconds(999);
        await WaitFor(() =>
        {
            if (Count(received) == 2)
            {
                return true;
            }

            if (time.GetUtcNow() - start < TimeSpan.FromMilliseconds(1010))
            {
                time.Advance(TimeSpan.FromMilliseconds(1));
            }

            return false;
        });
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
