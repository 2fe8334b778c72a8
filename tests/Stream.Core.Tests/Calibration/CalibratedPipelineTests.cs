using System.Reactive.Concurrency;
using System.Reactive.Subjects;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAE.Core.Alerts;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests.Calibration;

/// <summary>The calibration stage inside the real pipeline: between the scorer and the episodes, per sensor, evicted with the sensor.</summary>
public class CalibratedPipelineTests
{
    private static DetectionPipeline Create(CalibrationOptions calibration, int maxSensors = 100) => new(
        new WindowingOptions { WindowLength = 4, Hop = 1 },
        new PipelineOptions { MaxBatchSize = 1, MaxBatchWait = TimeSpan.FromDays(1) },
        new EpisodeOptions { CooldownWindows = 3 },
        new ModelSlot(new ScoringModel(new MaxAbsScorer(TestData.Model(windowLength: 4)), new AnomalyThreshold(1.5))),
        new BadInputHandler(BadInputPolicy.Fail, new IngestCounters(), NullLogger.Instance),
        new HistoricalScheduler(),
        new InputLimits { MaxSensors = maxSensors },
        calibration: calibration);

    /// <summary>A wavy signal whose amplitude jumps from 1 to 1.8 at reading 400: each window's max |value| jumps with it.</summary>
    private static IEnumerable<Reading> Readings(string sensor, int count) =>
        Enumerable.Range(0, count).Select(i => TestData.Reading(sensor, i, (float)((i >= 400 ? 1.8 : 1.0) * Math.Sin(i * 0.9) * (1 + (0.1 * Math.Sin(i * 0.13))))));

    [Fact]
    public void Alerts_open_on_the_calibrated_value_and_carry_the_raw_score()
    {
        var pipeline = Create(CalibrationOptions.Default);
        var judged = new List<CalibratedScore>();
        pipeline.OnCalibrated = (_, j) => judged.Add(j);
        var input = new Subject<Reading>();
        var alerts = new List<Alert>();
        using (pipeline.Build(input).Subscribe(alerts.Add))
        {
            foreach (var r in Readings("s", 500))
            {
                input.OnNext(r);
            }
        }

        Assert.Equal(497, judged.Count);
        var open = alerts.First(a => a.State == EpisodeState.Open);
        Assert.Equal("likelihood", open.Calibration);
        Assert.Equal(0.5, open.Threshold);
        Assert.True(open.Score > 0.5);
        Assert.True(open.RawScore > 1.5); // the raw window score of the jump
        Assert.InRange(open.WindowEnd, TestData.T0.AddMinutes(400), TestData.T0.AddMinutes(403));
        Assert.Equal(judged.Count(j => j.IsAnomalous), pipeline.Counters.AnomalousWindows);
        // Raw scores above the model's threshold (1.5) are everywhere after the jump; calibrated, one excursion is one alert.
        Assert.True(judged.Count(j => j.Raw > 1.5) > 20);
        Assert.Single(alerts, a => a.State == EpisodeState.Open);
    }

    [Fact]
    public void An_evicted_sensor_loses_its_calibration_state_and_learns_afresh_when_it_returns()
    {
        var pipeline = Create(CalibrationOptions.Default, maxSensors: 1);
        var input = new Subject<Reading>();
        using (pipeline.Build(input).Subscribe(_ => { }))
        {
            foreach (var r in Readings("a", 150))
            {
                input.OnNext(r);
            }

            Assert.Equal(147, pipeline.Calibration.Export("a")!.Windows);
            foreach (var r in Readings("b", 5))
            {
                input.OnNext(r); // evicts a
            }

            Assert.Null(pipeline.Calibration.Export("a"));
            foreach (var r in Readings("a", 160).Skip(150))
            {
                input.OnNext(r); // a is back: a fresh window, then fresh calibration
            }
        }

        Assert.Equal(7, pipeline.Calibration.Export("a")!.Windows);
    }
}
