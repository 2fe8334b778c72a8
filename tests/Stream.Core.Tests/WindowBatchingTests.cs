using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using StreamAE.Core.Pipeline;

namespace StreamAE.Core.Tests;

/// <summary>The batching stage in virtual time: by size, by maximum wait, on demand.</summary>
public class WindowBatchingTests
{
    private static (Subject<int> Input, Subject<Unit> Flushes, List<IList<int>> Batches, HistoricalScheduler Clock, List<string> Events) Create(int maxSize, TimeSpan maxWait)
    {
        var clock = new HistoricalScheduler();
        var input = new Subject<int>();
        var flushes = new Subject<Unit>();
        var batches = new List<IList<int>>();
        var events = new List<string>();
        input.Batch(maxSize, maxWait, clock, flushes).Subscribe(batches.Add, e => events.Add("error"), () => events.Add("completed"));
        return (input, flushes, batches, clock, events);
    }

    [Fact]
    public void A_batch_closes_when_it_is_full()
    {
        var (input, _, batches, _, _) = Create(3, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 7; i++)
        {
            input.OnNext(i);
        }

        Assert.Equal([[0, 1, 2], [3, 4, 5]], batches);
    }

    [Fact]
    public void A_batch_closes_when_its_first_item_has_waited_the_maximum_time()
    {
        var (input, _, batches, clock, _) = Create(10, TimeSpan.FromSeconds(1));
        input.OnNext(1);
        clock.AdvanceBy(TimeSpan.FromMilliseconds(600));
        input.OnNext(2);
        clock.AdvanceBy(TimeSpan.FromMilliseconds(399));
        Assert.Empty(batches);
        clock.AdvanceBy(TimeSpan.FromMilliseconds(1));
        Assert.Equal([[1, 2]], batches);
    }

    [Fact]
    public void The_timer_of_a_batch_closed_by_size_does_not_cut_the_next_batch_short()
    {
        var (input, _, batches, clock, _) = Create(2, TimeSpan.FromSeconds(1));
        input.OnNext(1);
        input.OnNext(2); // full: closed at once
        clock.AdvanceBy(TimeSpan.FromMilliseconds(900));
        input.OnNext(3); // a new batch, its own full second
        clock.AdvanceBy(TimeSpan.FromMilliseconds(200));
        Assert.Equal([[1, 2]], batches);
        clock.AdvanceBy(TimeSpan.FromMilliseconds(800));
        Assert.Equal([[1, 2], [3]], batches);
    }

    [Fact]
    public void A_flush_closes_the_open_batch_at_once_and_an_empty_one_emits_nothing()
    {
        var (input, flushes, batches, clock, _) = Create(10, TimeSpan.FromSeconds(1));
        flushes.OnNext(Unit.Default);
        Assert.Empty(batches);
        input.OnNext(1);
        input.OnNext(2);
        flushes.OnNext(Unit.Default);
        Assert.Equal([[1, 2]], batches);
        clock.AdvanceBy(TimeSpan.FromSeconds(5)); // the flushed batch's timer is void
        Assert.Single(batches);
    }

    [Fact]
    public void Completion_emits_what_is_left_then_completes()
    {
        var (input, _, batches, _, events) = Create(10, TimeSpan.FromSeconds(1));
        input.OnNext(1);
        input.OnCompleted();
        Assert.Equal([[1]], batches);
        Assert.Equal(["completed"], events);
    }
}
