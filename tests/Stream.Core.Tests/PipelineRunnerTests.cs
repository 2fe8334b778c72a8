using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Core.Alerts;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests;

public class PipelineRunnerTests
{
    private sealed class ListSource(IEnumerable<Reading> readings, Exception? failAtEnd = null) : IReadingSource
    {
        public string Name => "list";

        public async IAsyncEnumerable<Reading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var r in readings)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return r;
            }

            await Task.Yield();
            if (failAtEnd is not null)
            {
                throw failAtEnd;
            }
        }
    }

    private sealed class CollectingSink : IAlertSink
    {
        public List<Alert> Alerts { get; } = [];

        public int Flushes { get; private set; }

        public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
        {
            Alerts.Add(alert);
            return ValueTask.CompletedTask;
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static (PipelineRunner, DetectionPipeline) Create(int capacity)
    {
        var options = new PipelineOptions { ChannelCapacity = capacity, MaxBatchSize = 16, MaxBatchWait = TimeSpan.FromMilliseconds(20) };
        var pipeline = new DetectionPipeline(
            new WindowingOptions { WindowLength = 4, Hop = 1 },
            options,
            new EpisodeOptions { CooldownWindows = 4 },
            new ModelSlot(new ScoringModel(new MaxAbsScorer(TestData.Model(4)), new AnomalyThreshold(10))),
            new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), NullLogger.Instance));
        return (new PipelineRunner(pipeline, options, NullLogger<PipelineRunner>.Instance), pipeline);
    }

    [Fact]
    public async Task Every_reading_passes_a_tiny_bounded_channel_and_every_alert_reaches_the_sink()
    {
        var (runner, pipeline) = Create(capacity: 1);
        // 20 sensors × 200 readings, each sensor with one spike.
        var readings = Enumerable.Range(0, 200)
            .SelectMany(i => Enumerable.Range(0, 20).Select(s => TestData.Reading($"s{s}", i, i == 50 + s ? 100 : 1)))
            .ToList();
        var sink = new CollectingSink();
        await runner.RunAsync(new ListSource(readings), sink, null, TestContext.Current.CancellationToken);

        Assert.Equal(4000, pipeline.Counters.Readings);
        Assert.Equal(20 * 197, pipeline.Counters.Windows);
        Assert.Equal(20, sink.Alerts.Count(a => a.State == EpisodeState.Open));
        Assert.Equal(20, sink.Alerts.Count(a => a.State == EpisodeState.Closed));
        Assert.Equal(1, sink.Flushes);
        Assert.True(runner.Heartbeat.Started);
        Assert.True(runner.Heartbeat.Stopped);
    }

    [Fact]
    public async Task A_failing_source_fails_the_run_with_its_error()
    {
        var (runner, _) = Create(capacity: 4);
        var readings = Enumerable.Range(0, 10).Select(i => TestData.Reading("s", i));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            runner.RunAsync(new ListSource(readings, new InvalidOperationException("disk gone")), new CollectingSink(), null, TestContext.Current.CancellationToken));
        Assert.Equal("disk gone", ex.Message);
    }

    [Fact]
    public async Task Cancelling_stops_the_source_and_still_drains_what_was_read()
    {
        var (runner, pipeline) = Create(capacity: 8);
        using var cts = new CancellationTokenSource();
        var sink = new CollectingSink();
        var readings = Enumerable.Range(0, 1_000_000).Select(i =>
        {
            if (i == 1000)
            {
                cts.Cancel();
            }

            return TestData.Reading("s", i, i == 500 ? 100 : 1);
        });
        await runner.RunAsync(new ListSource(readings), sink, null, cts.Token);
        Assert.InRange(pipeline.Counters.Readings, 1000, 1100);
        Assert.Contains(sink.Alerts, a => a.State == EpisodeState.Open);
        Assert.Equal(1, sink.Flushes);
    }

    private sealed class StallingSource(TaskCompletionSource release) : IReadingSource
    {
        public string Name => "stalling";

        public async IAsyncEnumerable<Reading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return TestData.Reading("s", 0);
            await release.Task.WaitAsync(cancellationToken);
        }
    }

    [Fact]
    public async Task The_loop_keeps_beating_while_the_source_is_idle()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var heartbeat = new Health.PipelineHeartbeat(time, TimeSpan.FromMilliseconds(20));
        var options = new PipelineOptions { MaxBatchSize = 16, MaxBatchWait = TimeSpan.FromMilliseconds(20) };
        var pipeline = new DetectionPipeline(
            new WindowingOptions { WindowLength = 4 },
            options,
            new EpisodeOptions(),
            new ModelSlot(new ScoringModel(new MaxAbsScorer(TestData.Model(4)), new AnomalyThreshold(10))),
            new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), NullLogger.Instance));
        var runner = new PipelineRunner(pipeline, options, NullLogger<PipelineRunner>.Instance, heartbeat);
        var release = new TaskCompletionSource();
        var run = runner.RunAsync(new StallingSource(release), new CollectingSink(), null, TestContext.Current.CancellationToken);

        await WaitFor(() => pipeline.Counters.Readings == 1);
        time.Advance(TimeSpan.FromSeconds(10)); // on the heartbeat's clock the loop now looks silent ...
        await WaitFor(() => heartbeat.SinceLastBeat == TimeSpan.Zero); // ... until its idle wait times out and it beats again
        Assert.False(heartbeat.Stopped);

        release.SetResult();
        await run;
        Assert.True(heartbeat.Stopped);
    }

    /// <summary>A source that writes readings, then a command, then more readings, as the Kafka source does.</summary>
    private sealed class ScriptedSource(Func<IPipelineInput, CancellationToken, Task> script) : IPipelineSource
    {
        public string Name => "scripted";

        public Task RunAsync(IPipelineInput input, CancellationToken cancellationToken) => script(input, cancellationToken);
    }

    private sealed class Probe(Action<DetectionPipeline> onRun) : PipelineCommand
    {
        public override ValueTask ExecuteAsync(DetectionPipeline pipeline, CancellationToken cancellationToken)
        {
            onRun(pipeline);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_command_runs_once_every_earlier_reading_is_windowed_scored_and_its_alerts_handed_over()
    {
        var (runner, pipeline) = Create(capacity: 1000); // batches of 16 and a 20 ms wait: some windows are batched when the command arrives
        var sink = new CollectingSink();
        (long Windows, long Scored, int Alerts, long Readings) atCommand = default;
        var readings = Enumerable.Range(0, 45).Select(i => TestData.Reading("s", i, i == 30 ? 100 : 1)).ToList();
        var source = new ScriptedSource(async (input, ct) =>
        {
            foreach (var r in readings.Take(35))
            {
                await input.WriteAsync(r, ct);
            }

            await input.WriteAsync(new Probe(p => atCommand = (p.Counters.Windows, p.Counters.WindowsScored, sink.Alerts.Count, p.Counters.Readings)), ct);
            foreach (var r in readings.Skip(35))
            {
                await input.WriteAsync(r, ct);
            }
        });

        await runner.RunAsync(source, sink, null, TestContext.Current.CancellationToken);

        Assert.Equal((32L, 32L, 1, 35L), atCommand); // windows end at readings 3..34; the spike at 30 opened an episode
        Assert.Equal(45, pipeline.Counters.Readings);
    }

    [Fact]
    public async Task A_quiet_input_is_scored_at_once_rather_than_after_the_maximum_batch_wait()
    {
        var options = new PipelineOptions { MaxBatchSize = 64, MaxBatchWait = TimeSpan.FromHours(1) };
        var pipeline = new DetectionPipeline(
            new WindowingOptions { WindowLength = 4 },
            options,
            new EpisodeOptions(),
            new ModelSlot(new ScoringModel(new MaxAbsScorer(TestData.Model(4)), new AnomalyThreshold(10))),
            new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), NullLogger.Instance));
        var runner = new PipelineRunner(pipeline, options, NullLogger<PipelineRunner>.Instance);
        var sink = new CollectingSink();
        var source = new ScriptedSource(async (input, ct) =>
        {
            foreach (var r in Enumerable.Range(0, 4).Select(i => TestData.Reading("s", i, 100)))
            {
                await input.WriteAsync(r, ct);
            }

            // The source stays open (an idle stream): the one window must be scored without waiting an hour for more.
            await WaitFor(() => pipeline.Counters.WindowsScored == 1);
        });

        await runner.RunAsync(source, sink, null, TestContext.Current.CancellationToken);
        Assert.Single(sink.Alerts);
    }

    [Fact]
    public async Task A_record_the_source_rejected_is_counted_and_reported_in_order()
    {
        var (runner, pipeline) = Create(capacity: 8);
        var rejected = new CollectingRejects();
        pipeline.BadInput.Forward = rejected;
        var source = new ScriptedSource(async (input, ct) =>
        {
            await input.WriteAsync(TestData.Reading("s", 0), ct);
            await input.WriteAsync(new RejectedInput(SkipReason.Malformed, new SourcePosition("topic", 2, 7), "not JSON", new SourceMessage([1], [2, 3])), ct);
        });

        await runner.RunAsync(source, new CollectingSink(), null, TestContext.Current.CancellationToken);
        var only = Assert.Single(rejected);
        Assert.Equal((SkipReason.Malformed, 7L), (only.Reason, only.Position.Offset));
        Assert.Equal([2, 3], only.Message!.Value);
        Assert.Equal(2, pipeline.Counters.Readings);
        Assert.Equal(1, pipeline.BadInput.Counters[SkipReason.Malformed]);
    }

    private sealed class CollectingRejects : List<RejectedInput>, IRejectedInputSink
    {
        public bool Forward(RejectedInput rejected)
        {
            Add(rejected);
            return true;
        }
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
