using System.Text.Json;
using StreamAE.Core.Domain;
using StreamAE.Core.Drift;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests;

/// <summary>The drift monitor's bookkeeping: once per sensor, test and model version; a new model starts afresh; state survives a checkpoint.</summary>
public class DriftMonitorTests
{
    private static readonly ModelDescriptor V1 = new("m", "v1", "test", 4, ["temp"]);
    private static readonly ModelDescriptor V2 = V1 with { Version = "v2" };

    // Training data had mean 10 and std 2; a score above 1 counts as high.
    private static readonly DriftReference Reference = new(1.0, [10f], [2f]);

    private static SensorWindow Window(string sensor, int t, float value) =>
        new(sensor, TestData.T0.AddMinutes(t - 3), TestData.T0.AddMinutes(t), 4, 1, [value, value, value, value]);

    /// <summary>Readings at the training mean with scores alternating low/high for <paramref name="normal"/> windows, then 8 std above with high scores.</summary>
    private static List<DriftEvent> Feed(DriftMonitor monitor, string sensor, int from, int to, int shiftAt, ModelDescriptor model)
    {
        var events = new List<DriftEvent>();
        for (var t = from; t < to; t++)
        {
            var shifted = t >= shiftAt;
            monitor.Observe(model, Reference, Window(sensor, t, shifted ? 26f : 10f + (t % 3)), shifted ? 2.0 : (t % 10 == 0 ? 2.0 : 0.5), events);
        }

        return events;
    }

    [Fact]
    public void A_shifted_sensor_is_reported_once_per_test_and_model_and_a_new_model_starts_afresh()
    {
        var status = new DriftStatus();
        var monitor = new DriftMonitor(new DriftOptions(), status: status);
        var events = Feed(monitor, "pump", 0, 1000, shiftAt: 500, V1);
        Assert.Equal([DriftStatistic.ScoreLevel, DriftStatistic.InputRange], events.Select(e => e.Statistic).Order());
        Assert.All(events, e =>
        {
            Assert.Equal("pump", e.SensorId);
            Assert.Equal("v1", e.ModelVersion);
            Assert.True(e.Since >= TestData.T0.AddMinutes(500) && e.Since <= e.DetectedAt, $"{e.Statistic} since {e.Since:O}, detected {e.DetectedAt:O}");
            Assert.Equal(DriftEvent.MakeId("pump", e.Statistic, e.DetectedAt, "v1"), e.Id);
        });
        var input = events.Single(e => e.Statistic == DriftStatistic.InputRange);
        Assert.Equal("temp", input.Channel);
        Assert.True(input.Value > 3 && input.Level > 1, $"rms {input.Value}, level {input.Level}: above the training range"); // the signed mean lags the mean square
        Assert.Equal(2, status.Active.Count);
        Assert.Equal([("v1", "input_range", 1), ("v1", "score_level", 1)], status.Counts().Order());

        Assert.Empty(Feed(monitor, "pump", 1000, 1200, shiftAt: 0, V1)); // still drifted: not reported again
        Assert.Equal(0, Feed(monitor, "pump", 1200, 1201, shiftAt: 0, V2).Count(e => e.ModelVersion == "v1"));
        Assert.Empty(status.Active); // a new model clears the sensor until it drifts under that model
        var again = Feed(monitor, "pump", 1201, 1400, shiftAt: 0, V2);
        Assert.Contains(again, e => e.Statistic == DriftStatistic.InputRange && e.ModelVersion == "v2");
    }

    [Fact]
    public void A_stationary_sensor_is_not_reported()
    {
        var monitor = new DriftMonitor(new DriftOptions());
        Assert.Empty(Feed(monitor, "pump", 0, 5000, shiftAt: int.MaxValue, V1));
        Assert.Equal("none", monitor.Status.Describe());
    }

    [Fact]
    public void State_exported_as_json_and_restored_continues_exactly_where_an_uninterrupted_monitor_is()
    {
        var uninterrupted = new DriftMonitor(new DriftOptions());
        var expected = Feed(uninterrupted, "pump", 0, 1000, shiftAt: 500, V1);

        var first = new DriftMonitor(new DriftOptions());
        var before = Feed(first, "pump", 0, 520, shiftAt: 500, V1);
        var json = JsonSerializer.Serialize(first.Export("pump"));
        Assert.True(json.Length < 400, $"one channel's state is small: {json.Length} bytes");
        var second = new DriftMonitor(new DriftOptions());
        second.Restore("pump", JsonSerializer.Deserialize<DriftState>(json)!);
        var after = Feed(second, "pump", 520, 1000, shiftAt: 500, V1);

        Assert.Equal(expected, [.. before, .. after]);
        Assert.Equal(uninterrupted.Export("pump")! with { InputMeanSquare = [], InputLevel = [] }, second.Export("pump")! with { InputMeanSquare = [], InputLevel = [] });
        Assert.Equal(uninterrupted.Export("pump")!.InputMeanSquare, second.Export("pump")!.InputMeanSquare);
    }

    [Fact]
    public void A_restored_drift_counts_in_the_status_and_forget_drops_it()
    {
        var first = new DriftMonitor(new DriftOptions());
        Feed(first, "pump", 0, 1000, shiftAt: 500, V1);
        var state = first.Export("pump")!;
        Assert.NotNull(state.InputDriftSince);

        var second = new DriftMonitor(new DriftOptions());
        second.Restore("pump", state);
        Assert.Equal(2, second.Status.Active.Count);
        Assert.True(second.Forget("pump"));
        Assert.Empty(second.Status.Active);
        Assert.Null(second.Export("pump"));
        Assert.False(second.Forget("pump"));
    }

    [Fact]
    public void The_monitor_keeps_at_most_max_sensors_dropping_the_least_recently_seen()
    {
        var monitor = new DriftMonitor(new DriftOptions(), maxSensors: 2);
        var events = new List<DriftEvent>();
        monitor.Observe(V1, Reference, Window("a", 1, 10), 0.5, events);
        monitor.Observe(V1, Reference, Window("b", 1, 10), 0.5, events);
        monitor.Observe(V1, Reference, Window("a", 2, 10), 0.5, events);
        monitor.Observe(V1, Reference, Window("c", 1, 10), 0.5, events);
        Assert.Equal(2, monitor.TrackedSensors);
        Assert.NotNull(monitor.Export("a"));
        Assert.Null(monitor.Export("b"));
        Assert.NotNull(monitor.Export("c"));
    }

    [Fact]
    public void A_batch_is_observed_against_the_reference_of_the_model_that_scored_it_and_a_model_without_one_is_not_checked()
    {
        var scorer = new MaxAbsScorer(V1 with { WindowLength = 4 });
        var windows = Enumerable.Range(0, 400).Select(t => Window("pump", t, 26f)).ToList();
        var scores = scorer.Score(windows);
        var monitor = new DriftMonitor(new DriftOptions());
        Assert.Empty(monitor.Observe(new ScoredBatch(new ScoringModel(scorer, new AnomalyThreshold(100)), scores)));
        Assert.Contains(monitor.Observe(new ScoredBatch(new ScoringModel(scorer, new AnomalyThreshold(100), Reference), scores)), e => e.Statistic == DriftStatistic.InputRange);
    }
}
