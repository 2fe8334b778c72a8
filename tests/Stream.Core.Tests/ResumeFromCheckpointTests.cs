using StreamAE.Core.Alerts;
using StreamAE.Core.Domain;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests;

/// <summary>What a restarted detector relies on: resuming windows after replaying T−1 readings, and restoring open episodes.</summary>
public class ResumeFromCheckpointTests
{
    [Theory]
    [InlineData(1, 6)]
    [InlineData(2, 6)]
    [InlineData(2, 7)]
    [InlineData(3, 2)]
    public void Resumed_sensor_emits_the_same_later_windows_as_an_uninterrupted_one(int hop, int stopAfter)
    {
        var options = new WindowingOptions { WindowLength = 4, Hop = hop };
        var readings = Enumerable.Range(0, 16).Select(i => TestData.Reading("s", i)).ToArray();

        var uninterrupted = new SlidingWindowAssembler(options);
        var expected = uninterrupted.AddRange(readings).Where(w => w.End > readings[stopAfter - 1].Timestamp).ToList();

        // Restart: resume counting at the readings not replayed, replay the last T−1 (dropping what they complete), go on.
        var held = Math.Min(stopAfter, options.WindowLength - 1);
        var resumed = new SlidingWindowAssembler(options);
        resumed.Resume("s", channels: 1, readingsBefore: stopAfter - held);
        var replayed = resumed.AddRange(readings[(stopAfter - held)..stopAfter]);
        Assert.All(replayed, w => Assert.True(w.End <= readings[stopAfter - 1].Timestamp));
        var actual = resumed.AddRange(readings[stopAfter..]);

        Assert.Equal(expected.Select(w => (w.End, w.Sequence)), actual.Select(w => (w.End, w.Sequence)));
        Assert.Equal(expected.Select(w => w.Values), actual.Select(w => w.Values));
    }

    [Fact]
    public void Resume_rejects_a_negative_count() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlidingWindowAssembler(new WindowingOptions()).Resume("s", 1, -1));

    [Fact]
    public void Restored_episode_closes_with_the_same_ids_as_an_uninterrupted_one()
    {
        var threshold = new AnomalyThreshold(1.0);
        var model = TestData.Model(channels: 1);
        var options = new EpisodeOptions { CooldownWindows = 2 };
        double[] scores = [0.5, 3.0, 5.0, 0.2, 2.0, 0.1, 0.1, 0.3];

        var uninterrupted = new AlertEpisodeTracker(options);
        var expected = scores.SelectMany((s, i) => uninterrupted.Process(TestData.Score("s", 10 + i, s), threshold, model)).ToList();

        var first = new AlertEpisodeTracker(options);
        var before = scores[..4].SelectMany((s, i) => first.Process(TestData.Score("s", 10 + i, s), threshold, model)).ToList();
        var snapshot = first.Export("s");
        Assert.NotNull(snapshot);
        Assert.Null(first.Export("other"));

        var second = new AlertEpisodeTracker(options);
        second.Restore(snapshot);
        var after = scores[4..].SelectMany((s, i) => second.Process(TestData.Score("s", 14 + i, s), threshold, model)).ToList();

        static object Key(Alert a) => (a.Id, a.EpisodeId, a.State, a.PeakScore, a.AnomalousWindows, string.Join(",", a.TopChannels));
        Assert.Equal(expected.Select(Key), before.Concat(after).Select(Key));
        var closed = Assert.Single(after);
        Assert.Equal(EpisodeState.Closed, closed.State);
        Assert.Equal(5.0, closed.PeakScore);
        Assert.Equal(3, closed.AnomalousWindows);
        Assert.Equal(before[0].Id, closed.EpisodeId);
    }
}
