using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Core.Alerts;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests;

/// <summary>The Rx stages in virtual time: no sleeps, the scheduler's clock is advanced by hand.</summary>
public class DetectionPipelineTests
{
    private static (DetectionPipeline Pipeline, MaxAbsScorer Scorer, IngestCounters Ingest) Create(HistoricalScheduler scheduler, int maxBatch = 3, int windowLength = 2, int cooldown = 2)
    {
        var scorer = new MaxAbsScorer(TestData.Model(windowLength));
        var ingest = new IngestCounters();
        var pipeline = new DetectionPipeline(
            new WindowingOptions { WindowLength = windowLength, Hop = 1 },
            new PipelineOptions { MaxBatchSize = maxBatch, MaxBatchWait = TimeSpan.FromSeconds(1) },
            new EpisodeOptions { CooldownWindows = cooldown },
            new ModelSlot(new ScoringModel(scorer, new AnomalyThreshold(10))),
            new BadInputHandler(BadInputPolicy.Skip, ingest, NullLogger.Instance),
            scheduler);
        return (pipeline, scorer, ingest);
    }

    [Fact]
    public void A_batch_closes_when_it_reaches_the_maximum_size()
    {
        var scheduler = new HistoricalScheduler();
        var (pipeline, _, _) = Create(scheduler, maxBatch: 3);
        var input = new Subject<Reading>();
        var batches = new List<IList<SensorWindow>>();
        using var _ = pipeline.ToBatches(pipeline.ToWindows(input)).Subscribe(batches.Add);

        // Two sensors, 4 readings each, T = 2: 3 windows per sensor, 6 in all, interleaved.
        for (var i = 0; i < 4; i++)
        {
            input.OnNext(TestData.Reading("a", i));
            input.OnNext(TestData.Reading("b", i));
        }

        Assert.Equal([3, 3], batches.Select(b => b.Count));
        Assert.Equal(["a", "b", "a"], batches[0].Select(w => w.SensorId)); // windows from several sensors share a batch
    }

    [Fact]
    public void A_partial_batch_waits_at_most_the_maximum_wait()
    {
        var scheduler = new HistoricalScheduler();
        var (pipeline, _, _) = Create(scheduler, maxBatch: 100);
        var input = new Subject<Reading>();
        var batches = new List<IList<SensorWindow>>();
        using var _ = pipeline.ToBatches(pipeline.ToWindows(input)).Subscribe(batches.Add);

        input.OnNext(TestData.Reading("a", 0));
        input.OnNext(TestData.Reading("a", 1));
        scheduler.AdvanceBy(TimeSpan.FromMilliseconds(999));
        Assert.Empty(batches);
        scheduler.AdvanceBy(TimeSpan.FromMilliseconds(1));
        Assert.Single(Assert.Single(batches));

        // Empty intervals produce no empty batches.
        scheduler.AdvanceBy(TimeSpan.FromSeconds(5));
        Assert.Single(batches);
    }

    [Fact]
    public void Completing_the_input_flushes_the_last_partial_batch()
    {
        var scheduler = new HistoricalScheduler();
        var (pipeline, scorer, _) = Create(scheduler, maxBatch: 100);
        var input = new Subject<Reading>();
        var alerts = new List<Alert>();
        var completed = false;
        using var _ = pipeline.Build(input).Subscribe(alerts.Add, () => completed = true);
        input.OnNext(TestData.Reading("a", 0, 1));
        input.OnNext(TestData.Reading("a", 1, 50));
        input.OnCompleted();
        Assert.True(completed);
        Assert.Equal([1], scorer.BatchSizes);
        Assert.Equal(EpisodeState.Open, Assert.Single(alerts).State);
    }

    [Fact]
    public void Scores_flow_into_episodes_open_suppress_close()
    {
        var scheduler = new HistoricalScheduler();
        var (pipeline, _, _) = Create(scheduler, maxBatch: 1, windowLength: 2, cooldown: 2);
        var input = new Subject<Reading>();
        var alerts = new List<Alert>();
        using var _ = pipeline.Build(input).Subscribe(alerts.Add);

        // Windows (T=2) of values: [1,1] [1,50] [50,60] [60,1] [1,1] [1,1] → scores 1, 50, 60, 60, 1, 1 with threshold 10.
        float[] values = [1, 1, 50, 60, 1, 1, 1];
        for (var i = 0; i < values.Length; i++)
        {
            input.OnNext(TestData.Reading("s", i, values[i]));
        }

        Assert.Equal([EpisodeState.Open, EpisodeState.Closed], alerts.Select(a => a.State));
        Assert.Equal(60, alerts[1].PeakScore);
        Assert.Equal(3, alerts[1].AnomalousWindows);
        Assert.Equal(3, pipeline.Counters.AnomalousWindows);
        Assert.Equal(6, pipeline.Counters.Windows);
        Assert.Equal(7, pipeline.Counters.Readings);
    }

    [Fact]
    public void Readings_with_the_wrong_channel_count_are_counted_and_skipped()
    {
        var scheduler = new HistoricalScheduler();
        var (pipeline, _, ingest) = Create(scheduler);
        var input = new Subject<Reading>();
        var windows = new List<SensorWindow>();
        using var _ = pipeline.ToWindows(input).Subscribe(windows.Add);
        input.OnNext(TestData.Reading("s", 0, 1));
        input.OnNext(TestData.Reading("s", 1, 1, 2));
        input.OnNext(TestData.Reading("s", 2, 1));
        Assert.Single(windows);
        Assert.Equal(1, ingest[SkipReason.WrongColumnCount]);
    }

    [Fact]
    public void Out_of_order_readings_reaching_the_pipeline_are_counted()
    {
        var scheduler = new HistoricalScheduler();
        var (pipeline, _, ingest) = Create(scheduler);
        var input = new Subject<Reading>();
        using var _ = pipeline.ToWindows(input).Subscribe(_ => { });
        input.OnNext(TestData.Reading("s", 5));
        input.OnNext(TestData.Reading("s", 4));
        input.OnNext(TestData.Reading("s", 5));
        Assert.Equal(1, pipeline.Counters.OutOfOrder);
        Assert.Equal(1, pipeline.Counters.Duplicates);
        Assert.Equal(1, ingest[SkipReason.OutOfOrder]);
        Assert.Equal(1, ingest[SkipReason.DuplicateTimestamp]);
    }

    [Fact]
    public void A_window_length_that_does_not_fit_the_model_is_refused()
    {
        var scorer = new MaxAbsScorer(TestData.Model(windowLength: 8));
        var ex = Assert.Throws<ArgumentException>(() => new DetectionPipeline(
            new WindowingOptions { WindowLength = 4 },
            new PipelineOptions(),
            new EpisodeOptions(),
            new ModelSlot(new ScoringModel(scorer, new AnomalyThreshold(1))),
            new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), NullLogger.Instance)));
        Assert.Contains("WindowLength is 4", ex.Message);
        Assert.Contains("8", ex.Message);
    }

    [Fact]
    public void A_model_swap_takes_effect_at_the_next_batch()
    {
        var scheduler = new HistoricalScheduler();
        var (pipeline, _, _) = Create(scheduler, maxBatch: 1);
        var input = new Subject<Reading>();
        var versions = new List<string>();
        using var _ = pipeline.Score(pipeline.ToBatches(pipeline.ToWindows(input))).Subscribe(b => versions.Add(b.Model.Descriptor.Version));
        input.OnNext(TestData.Reading("s", 0));
        input.OnNext(TestData.Reading("s", 1));
        var v2 = new MaxAbsScorer(TestData.Model(2) with { Version = "v2" });
        pipeline.Models.Swap(new ScoringModel(v2, new AnomalyThreshold(10)));
        input.OnNext(TestData.Reading("s", 2));
        Assert.Equal(["v1", "v2"], versions);
    }
}
