using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Connectors.Json;
using StreamAE.Connectors.Kafka;
using StreamAE.Core.Calibration;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;

namespace StreamAE.Kafka.Tests;

/// <summary>A detector running in the background, as the host runs it, with a graceful stop.</summary>
internal sealed class RunningDetector : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public RunningDetector(KafkaDetector detector, PipelineRunner runner)
    {
        Detector = detector;
        _run = Task.Run(() => detector.RunAsync(runner, _stop.Token));
    }

    /// <summary>The Kafka service on the scenario's pipeline (the spike model), as the host runs it.</summary>
    public static RunningDetector Start(KafkaOptions options, PipelineOptions? pipelineOptions = null, ManualResetEventSlim? scoringGate = null, CalibrationOptions? calibration = null)
    {
        var pipelineSettings = pipelineOptions ?? Scenario.Pipeline;
        var badInput = new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), NullLogger.Instance);
        var pipeline = new DetectionPipeline(Scenario.Windowing, pipelineSettings, Scenario.Episodes, Scenario.NewModelSlot(scoringGate), badInput, calibration: calibration);
        var runner = new PipelineRunner(pipeline, pipelineSettings, NullLogger<PipelineRunner>.Instance);
        return new RunningDetector(new KafkaDetector(options, new ReadingJsonFormat(), NullLoggerFactory.Instance), runner);
    }

    public KafkaDetector Detector { get; }

    public KafkaCounters Counters => Detector.Counters;

    public Task Completion => _run;

    /// <summary>Waits (polling, no fixed sleeps) until the condition holds; fails the test with a message otherwise.</summary>
    public static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await _stop.CancelAsync();
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (Exception) when (!_run.IsCompletedSuccessfully)
            {
                // The test has already failed or asserted what it needed; do not mask it.
            }
        }

        _stop.Dispose();
    }
}
