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

/// <summary>The pipeline's per-sensor snapshot: exported at one point, restored elsewhere, the stream goes on as if uninterrupted.</summary>
public class SensorSnapshotTests
{
    private static readonly WindowingOptions Windowing = new() { WindowLength = 4, Hop = 1 };

    // Two sensors interleaved on one source partition, as a Kafka partition carries them.
    private static Reading[] Stream(int perSensor, Func<int, float>? value = null) =>
        Enumerable.Range(0, perSensor * 2)
            .Select(i => TestData.Reading(i % 2 == 0 ? "a" : "b", i / 2, value?.Invoke(i / 2) ?? (i / 2)) with { Position = new SourcePosition("topic", 0, i) })
            .ToArray();

    [Fact]
    public void A_restored_sensor_skips_what_its_checkpoint_accounted_for_and_replays_its_window_without_emitting_it_again()
    {
        var readings = Stream(12);
        var expected = new SlidingWindowAssembler(Windowing).AddRange(readings).Where(w => w.LastPosition!.Value.Offset > 13).ToList();

        var first = new SlidingWindowAssembler(Windowing);
        first.AddRange(readings.Take(14)); // offsets 0..13
        Assert.Equal(["a", "b"], first.TakeChanged().Order());
        Assert.Empty(first.TakeChanged());
        var pointA = first.Export("a")!;
        var pointB = first.Export("b")!;
        Assert.Equal((3, 8L, 12L), (pointA.Held, pointA.ResumeOffset, pointA.LastOffset)); // a's last three: 8, 10, 12
        Assert.Equal(new SourcePosition("topic", 0, 9), first.OldestHeld("b"));

        // The new owner re-reads the partition from an older commit (offset 2).
        var second = new SlidingWindowAssembler(Windowing);
        second.Restore("a", pointA);
        second.Restore("b", pointB);
        Assert.Equal(new SourcePosition("topic", 0, 8), second.OldestHeld("a"));
        Assert.Equal(pointA, second.Export("a")); // nothing read yet: it stands where it was restored
        var results = readings.Skip(2).Select(r => (r.Position!.Value.Offset, second.Add(r, out var w), w)).ToList();

        Assert.All(results.Where(r => r.Offset < 8), r => Assert.Equal(WindowAddResult.AlreadyProcessed, r.Item2));
        Assert.All(results.Where(r => r.Offset is >= 8 and <= 13), r => Assert.Equal(WindowAddResult.Replayed, r.Item2));
        var actual = results.Where(r => r.w is not null).Select(r => r.w!).ToList();
        Assert.Equal(expected.Select(w => (w.SensorId, w.End, w.Sequence)), actual.Select(w => (w.SensorId, w.End, w.Sequence)));
        Assert.Equal(expected.Select(w => w.Values), actual.Select(w => w.Values));
    }

    [Fact]
    public void A_restored_sensor_whose_replay_readings_are_gone_starts_its_window_afresh_and_says_so()
    {
        var readings = Stream(12);
        var first = new SlidingWindowAssembler(Windowing);
        first.AddRange(readings.Take(14));
        var point = first.Export("a")!;

        var second = new SlidingWindowAssembler(Windowing);
        var lost = new List<(string Sensor, long Offset)>();
        second.ResumeLost += (sensor, _, offset) => lost.Add((sensor, offset));
        second.Restore("a", point);
        var windows = second.AddRange(readings.Skip(16)); // offsets 16.. : the replay range 8..12 is gone

        Assert.Equal([("a", 16L)], lost);
        Assert.Equal(readings.Skip(16).Where(r => r.SensorId == "a").Skip(Windowing.WindowLength - 1).Count(), windows.Count(w => w.SensorId == "a"));
    }

    [Fact]
    public void The_pipeline_snapshot_carries_the_open_episode_so_a_restored_run_emits_the_same_alerts()
    {
        // Sensor a spikes at 5 (an episode opens) and the cut falls inside the episode.
        var readings = Stream(20, t => t == 5 ? 50 : 1);
        var uninterrupted = Run(Pipeline(), readings);

        var first = Pipeline();
        var before = Run(first, readings.Take(16));
        var snapshots = new[] { first.Export("a")!, first.Export("b")! };
        Assert.NotNull(snapshots[0].Episode);

        var second = Pipeline();
        foreach (var snapshot in snapshots)
        {
            second.Restore(snapshot);
        }

        var after = Run(second, readings.Skip(4)); // an older commit: re-read from offset 4
        Assert.Equal(uninterrupted.Select(Key), before.Concat(after).Select(Key));
        Assert.True(second.Counters.Replayed > 0);
    }

    private sealed record Count(long Windows);

    [Fact]
    public void A_stage_beside_the_pipeline_has_its_sensor_state_exported_restored_evicted_and_forgotten_with_the_sensor()
    {
        // A stage counting windows per sensor, registered with the pipeline like the drift checks are.
        static (DetectionPipeline Pipeline, Dictionary<string, long> Counts) WithCounter(int maxSensors = 10)
        {
            var pipeline = new DetectionPipeline(
                Windowing,
                new PipelineOptions { MaxBatchSize = 1, MaxBatchWait = TimeSpan.FromDays(1) },
                new EpisodeOptions(),
                new ModelSlot(new ScoringModel(new MaxAbsScorer(TestData.Model()), new AnomalyThreshold(10))),
                new IO.BadInputHandler(IO.BadInputPolicy.Skip, new IO.IngestCounters(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance),
                new System.Reactive.Concurrency.HistoricalScheduler(),
                new InputLimits { MaxSensors = maxSensors });
            var counts = new Dictionary<string, long>();
            pipeline.AddSensorState(new SensorStateOwner<Count>(
                "counter",
                id => counts.TryGetValue(id, out var n) ? new Count(n) : null,
                (id, state) => counts[id] = state.Windows,
                counts.Remove));
            return (pipeline, counts);
        }

        var (first, firstCounts) = WithCounter();
        Run(first, Stream(8));
        firstCounts["a"] = 5;
        var snapshot = first.Export("a")!;
        Assert.Equal(5, snapshot.Extensions!["counter"].GetProperty("windows").GetInt64());

        // Through JSON, as a checkpoint travels.
        var json = System.Text.Json.JsonSerializer.Serialize(snapshot, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        var read = System.Text.Json.JsonSerializer.Deserialize<SensorSnapshot>(json, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        var (second, secondCounts) = WithCounter(maxSensors: 1);
        second.Restore(read);
        Assert.Equal(5, secondCounts["a"]);

        second.Forget("a");
        Assert.False(secondCounts.ContainsKey("a"));
        second.Restore(read);
        Run(second, [TestData.Reading("z", 0) with { Position = new SourcePosition("topic", 0, 100) }]); // evicts a (one sensor at most)
        Assert.False(secondCounts.ContainsKey("a"));
    }

    private static string Key(Alert a) => $"{a.Id}/{a.State}/{a.EpisodeId}/{a.PeakScore}/{a.AnomalousWindows}";

    private static DetectionPipeline Pipeline() => new(
        Windowing,
        new PipelineOptions { MaxBatchSize = 1, MaxBatchWait = TimeSpan.FromDays(1) },
        new EpisodeOptions { CooldownWindows = 2 },
        new ModelSlot(new ScoringModel(new MaxAbsScorer(TestData.Model()), new AnomalyThreshold(10))),
        new IO.BadInputHandler(IO.BadInputPolicy.Skip, new IO.IngestCounters(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance),
        new System.Reactive.Concurrency.HistoricalScheduler());

    private static List<Alert> Run(DetectionPipeline pipeline, IEnumerable<Reading> readings)
    {
        var alerts = new List<Alert>();
        using var input = new System.Reactive.Subjects.Subject<Reading>();
        using (pipeline.Build(input).Subscribe(alerts.Add))
        {
            foreach (var r in readings)
            {
                input.OnNext(r);
            }
        }

        return alerts;
    }
}
