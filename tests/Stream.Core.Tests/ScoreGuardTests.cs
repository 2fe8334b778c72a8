using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging;
using StreamAE.Core.Alerts;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests;

/// <summary>Whatever a model returns, thresholds, episodes and sinks see a finite score: overflow is capped, flagged, counted, logged.</summary>
public class ScoreGuardTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(1e308)]
    [InlineData(1.000001e12)]
    public void A_score_that_is_not_finite_or_overflows_is_capped_and_flagged(double raw)
    {
        var counters = new PipelineCounters();
        var logs = new CollectingLogger();
        var guard = new ScoreGuard(counters, null, logs);
        var scores = guard.Apply([TestData.Score("s", 3, raw, float.NaN), TestData.Score("t", 3, 2.5)], TestData.Model());

        Assert.True(scores[0].Capped);
        Assert.Equal(ScoreGuard.MaxScore, scores[0].Score);
        Assert.All(scores[0].ChannelErrors, e => Assert.True(float.IsFinite(e)));
        Assert.False(scores[1].Capped);
        Assert.Equal(2.5, scores[1].Score);
        Assert.Equal(1, counters.ScoresCapped);
        Assert.Contains(logs.Lines, l => l.Contains("sensor s", StringComparison.Ordinal) && l.Contains("capped", StringComparison.Ordinal));
    }

    [Fact]
    public void Sound_scores_pass_unchanged_as_the_same_list()
    {
        var guard = new ScoreGuard(new PipelineCounters(), null, new CollectingLogger());
        IReadOnlyList<WindowScore> scores = [TestData.Score("s", 3, 0), TestData.Score("s", 4, ScoreGuard.MaxScore), TestData.Score("s", 5, 1e-300)];
        Assert.Same(scores, guard.Apply(scores, TestData.Model()));
    }

    [Fact]
    public void Overflowing_readings_open_an_episode_flagged_as_capped_and_the_next_sensor_is_untouched()
    {
        // The max-abs scorer scores a window by its largest value: 1e20 is a finite reading whose score overflows the cap.
        var scorer = new MaxAbsScorer(TestData.Model(windowLength: 2));
        var pipeline = new DetectionPipeline(
            new WindowingOptions { WindowLength = 2, Hop = 1 },
            new PipelineOptions { MaxBatchSize = 1, MaxBatchWait = TimeSpan.FromSeconds(1) },
            new EpisodeOptions { CooldownWindows = 2 },
            new ModelSlot(new ScoringModel(scorer, new AnomalyThreshold(10))),
            new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), new CollectingLogger()),
            new HistoricalScheduler());
        var input = new Subject<Reading>();
        var alerts = new List<Alert>();
        using var _ = pipeline.Build(input).Subscribe(alerts.Add);
        float[] values = [1, 1e20f, 3e38f, 1, 1, 1];
        for (var i = 0; i < values.Length; i++)
        {
            input.OnNext(TestData.Reading("hot", i, values[i]));
            input.OnNext(TestData.Reading("calm", i, 50));
        }

        var hot = alerts.Where(a => a.SensorId == "hot").ToList();
        Assert.Equal([EpisodeState.Open, EpisodeState.Closed], hot.Select(a => a.State));
        Assert.All(hot, a => Assert.True(a.ScoreCapped));
        Assert.Equal(ScoreGuard.MaxScore, hot[0].Score);
        Assert.Equal(ScoreGuard.MaxScore, hot[1].PeakScore);
        Assert.Equal(3, pipeline.Counters.ScoresCapped); // [1,1e20] [1e20,3e38] [3e38,1]
        var calm = Assert.Single(alerts, a => a.SensorId == "calm");
        Assert.False(calm.ScoreCapped);
        Assert.Equal(50, calm.Score);
    }

    [Fact]
    public void An_episode_snapshot_keeps_the_capped_peak_across_a_restore()
    {
        var tracker = new AlertEpisodeTracker(new EpisodeOptions { CooldownWindows = 1 });
        var threshold = new AnomalyThreshold(10);
        var model = TestData.Model();
        _ = tracker.Process(TestData.Score("s", 3, ScoreGuard.MaxScore) with { Capped = true }, threshold, model).ToList();
        var snapshot = tracker.Export("s")!;
        Assert.True(snapshot.PeakCapped);

        var restored = new AlertEpisodeTracker(new EpisodeOptions { CooldownWindows = 1 });
        restored.Restore(snapshot);
        var closed = Assert.Single(restored.Process(TestData.Score("s", 4, 1), threshold, model));
        Assert.Equal(EpisodeState.Closed, closed.State);
        Assert.True(closed.ScoreCapped);
    }
}

/// <summary>Formatted log lines, for asserting what an operator would read.</summary>
internal sealed class CollectingLogger : ILogger
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add(formatter(state, exception));
        }
    }
}
