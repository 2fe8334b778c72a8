using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Core.Alerts;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Benchmarking.Pipeline;

/// <summary>
/// Memory per tracked sensor: the managed heap after full GCs, with a pipeline holding a full window for each of
/// <c>sensors</c> sensors, minus the heap before, divided by the number of sensors; and the same for the process's
/// resident memory (RSS), which also counts what the GC keeps committed beyond live objects. The readings are generated
/// sensor by sensor and dropped after use, so only what the pipeline keeps (window buffers, dictionaries, episodes) counts.
/// </summary>
public static class MemoryProbe
{
    /// <param name="ResidentDeltaBytes">Resident memory after the full GCs minus before (the GC's committed but free space included).</param>
    public sealed record Result(int Sensors, int WindowLength, int Channels, long HeapDeltaBytes, long ResidentDeltaBytes = 0)
    {
        public double BytesPerSensor => (double)HeapDeltaBytes / Sensors;

        public double ResidentBytesPerSensor => (double)ResidentDeltaBytes / Sensors;

        /// <summary>What the window itself must hold: T·C float values and T timestamps (8-byte ticks).</summary>
        public int WindowBytes => (WindowLength * Channels * sizeof(float)) + (WindowLength * sizeof(long));
    }

    /// <summary>
    /// Resident bytes per additional sensor between two probes of the same model: the slope, free of the process's fixed
    /// costs (runtime, native libraries, the GC's gen0 budget), which a single probe divides among its sensors.
    /// </summary>
    public static double? MarginalResidentBytesPerSensor(IReadOnlyList<Result> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count < 2)
        {
            return null;
        }

        var small = results.MinBy(r => r.Sensors)!;
        var large = results.MaxBy(r => r.Sensors)!;
        return large.Sensors == small.Sensors ? null : (double)(large.ResidentDeltaBytes - small.ResidentDeltaBytes) / (large.Sensors - small.Sensors);
    }

    /// <summary>The process's resident set size: VmRSS from /proc on Linux, the working set elsewhere.</summary>
    public static long ResidentBytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture, out var kib))
                {
                    return kib * 1024;
                }
            }
        }

        return Environment.WorkingSet;
    }

    public static Result PerSensor(ScoringModel model, int sensors, CalibrationOptions? calibration = null)
    {
        var length = model.Descriptor.WindowLength;
        var channels = model.Descriptor.Channels;
        // An aggressive collection first hands free memory back to the OS, so what the pipeline holds shows as new resident memory.
        var before = SettledHeap(GCCollectionMode.Aggressive);
        var residentBefore = ResidentBytes();
        var pipeline = new DetectionPipeline(
            new WindowingOptions { WindowLength = length, Hop = 1 },
            new PipelineOptions { MaxBatchSize = 256, MaxBatchWait = TimeSpan.FromDays(1) },
            new EpisodeOptions(),
            new ModelSlot(model),
            new BadInputHandler(BadInputPolicy.Skip, new IngestCounters(), NullLogger.Instance),
            new HistoricalScheduler(),
            new InputLimits { MaxSensors = Math.Max(sensors, new InputLimits().MaxSensors) }, // every sensor stays tracked
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
        var after = SettledHeap(GCCollectionMode.Forced);
        var residentAfter = ResidentBytes();
        GC.KeepAlive(pipeline);
        subscription.Dispose();
        input.Dispose();
        return new Result(sensors, length, channels, after - before, residentAfter - residentBefore);
    }

    private static long SettledHeap(GCCollectionMode mode)
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, mode, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
