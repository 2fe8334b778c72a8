using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests;

public class ModelSlotTests
{
    private sealed class TrackedScorer(string version) : IWindowScorer
    {
        public bool Disposed { get; private set; }

        public ModelDescriptor Model { get; } = TestData.Model() with { Version = version };

        public IReadOnlyList<WindowScore> Score(IReadOnlyList<SensorWindow> windows)
        {
            Assert.False(Disposed, "scored with a disposed model");
            return windows.Select(w => new WindowScore(w, 0, new float[w.Channels])).ToArray();
        }

        public void Dispose() => Disposed = true;
    }

    private static ScoringModel Model(string version, out TrackedScorer scorer)
    {
        scorer = new TrackedScorer(version);
        return new ScoringModel(scorer, new AnomalyThreshold(1));
    }

    [Fact]
    public void A_swapped_out_model_is_disposed_only_when_the_batch_holding_it_ends()
    {
        using var slot = new ModelSlot(Model("v1", out var v1));
        var lease = slot.Acquire();
        var replaced = slot.Swap(Model("v2", out var v2));

        Assert.Equal("v1", replaced.Version);
        Assert.Equal("v2", slot.Current.Descriptor.Version);
        Assert.False(v1.Disposed); // the batch still scores with v1
        Assert.Equal("v1", lease.Model.Descriptor.Version);
        lease.Model.Scorer.Score([]);
        lease.Dispose();
        Assert.True(v1.Disposed);
        lease.Dispose(); // idempotent: no double release
        Assert.False(v2.Disposed);
        using (var next = slot.Acquire())
        {
            Assert.Equal("v2", next.Model.Descriptor.Version);
        }

        Assert.False(v2.Disposed);
        Assert.Equal(1, slot.Swaps);
    }

    [Fact]
    public void Without_leases_a_swap_disposes_the_old_model_at_once_and_the_slot_disposes_the_current_one()
    {
        var slot = new ModelSlot(Model("v1", out var v1));
        slot.Swap(Model("v2", out var v2));
        Assert.True(v1.Disposed);
        slot.Dispose();
        Assert.True(v2.Disposed);
    }

    [Fact]
    public async Task Swapping_while_batches_score_on_other_threads_never_scores_with_a_disposed_model()
    {
        using var slot = new ModelSlot(Model("v0", out _));
        var scorers = new List<TrackedScorer>();
        using var stop = new CancellationTokenSource();
        var window = new SensorWindow("s", TestData.T0, TestData.T0, 4, 1, new float[4]);
        var workers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var batches = 0;
            while (!stop.IsCancellationRequested || batches < 100)
            {
                using var lease = slot.Acquire();
                lease.Model.Scorer.Score([window]);
                batches++;
            }

            return batches;
        })).ToArray();
        for (var i = 1; i <= 200; i++)
        {
            slot.Swap(Model($"v{i}", out var s));
            scorers.Add(s);
        }

        await stop.CancelAsync();
        var counts = await Task.WhenAll(workers);
        Assert.All(counts, c => Assert.True(c >= 100));
        Assert.All(scorers.SkipLast(1), s => Assert.True(s.Disposed));
        Assert.False(scorers[^1].Disposed);
    }
}
