using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Core.Alerts;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Evaluation.Benchmarking;

/// <summary>
/// Memory per tracked sensor: the managed heap after full GCs, with a pipeline holding a full window for each of
/// <c>sensors</c> sensors, minus the heap before, divided by the number of sensors. The readings are generated sensor
/// by sensor and dropped after use, so only what the pipeline keeps (window buffers, dictionaries, episodes, and with
/// calibration each sensor's calibration state) counts.
/// </summary>
public static class MemoryProbe
{
    public sealed record Result(int Sensors, int WindowLength, int Channels, long HeapDeltaBytes)
    {
        public double BytesPerSensor => (double)HeapDeltaBytes / Sensors;
    }

    public static Result PerSensor(ScoringModel model, int sensors, CalibrationOptions? calibration = null)
    {
        var length = model.Descriptor.WindowLength;
        var channels = model.Descriptor.Channels;
        var before = SettledHeap();
        var pipeline = new DetectionPipeline(
            new WindowingOptions { WindowLength = length, Hop = 1 },
            new PipelineOptions { MaxBatchSize = 256, MaxBatchWait = TimeSpan.FromDays(1) },
            new EpisodeOptions(),
            new ModelSlot(model),
            new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), NullLogger.Instance),
            new HistoricalScheduler(),
            calibration: calibration);
        var input = new Subject<Reading>();
        var subscription = pipeline.Build(input).Subscribe(_ => { });
        var start = SyntheticReadings.Start;
        for (var s = 0; s < sensors; s++)
        {
            var name = SyntheticReadings.SensorName(s);
            for (var t = 0; t < length; t++)
            {
                var values = new float[channels];
                values[0] = (float)Math.Sin(t * 0.1);
                input.OnNext(new Reading(name, start.AddSeconds(t), values));
            }
        }

        input.OnCompleted(); // flushes the last partial batch: every sensor's window is scored (and calibrated)
        var after = SettledHeap();
        GC.KeepAlive(pipeline);
        subscription.Dispose();
        input.Dispose();
        return new Result(sensors, length, channels, after - before);
    }

    private static long SettledHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
