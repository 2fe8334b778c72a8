using System.CommandLine;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.Pipeline;
using StreamAE.Models.Bundles;
using StreamAE.Host.Commands;
using StreamAE.Host.Running;

namespace StreamAE.Host.Tests;

/// <summary><c>replay --plot</c> / Sinks:PlotDirectory: one PNG per sensor after a file run.</summary>
public sealed class RunPlotTests : IDisposable
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-plot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Replay_with_plot_writes_a_png_for_each_sensor_up_to_the_limit()
    {
        var bundle = TestData.TrainBundle(Path.Combine(_dir, "model"), seed: 1);
        var data = TestData.WriteMultiSensorCsv(Path.Combine(_dir, "plant.csv"), sensors: 3, rowsPerSensor: 40);
        var plots = Path.Combine(_dir, "plots");
        var root = new RootCommand { ReplayCommand.Create() };
        var code = await root.Parse(
        [
            "replay", data, "--model", bundle.Directory, "--plot", plots,
            "--Source:Csv:SensorColumn=sensor", "--Source:Csv:TimestampColumn=timestamp",
            $"--Pipeline:WindowLength={TestData.WindowLength}", "--Sinks:Console=false", "--Sinks:PlotMaxSensors=2",
        ]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, code);
        var files = Directory.GetFiles(plots).Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(["s0.png", "s1.png"], files); // the first two sensors seen; the third is over the limit
        foreach (var file in Directory.GetFiles(plots))
        {
            var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
            Assert.True(bytes.Length > 10_000, $"{file} is only {bytes.Length} bytes");
            Assert.Equal(PngMagic, bytes[..8]);
        }
    }

    [Fact]
    public async Task The_recorder_keeps_each_window_s_newest_value_and_compared_value_and_pairs_episode_openings_with_closings()
    {
        var recorder = new RunPlotRecorder(Path.Combine(_dir, "plots"), maxSensors: 1);
        using var model = ModelBundleLoader.Load(TestData.TrainBundle(Path.Combine(_dir, "model"), seed: 1));
        var t0 = DateTimeOffset.UnixEpoch;
        SensorWindow Window(string sensor, int end) => new(sensor, t0, t0.AddSeconds(end), 2, 2, [1, 10, 2, 20]);
        recorder.Record(new WindowScore(Window("x", 1), 3.0, [1, 1]), CalibratedScore.Uncalibrated(3.0, model.Threshold.Overall));
        recorder.Record(new WindowScore(Window("y", 1), 9.0, [1, 1]), CalibratedScore.Uncalibrated(9.0, model.Threshold.Overall));
        await recorder.WriteAsync(Alert("x", EpisodeState.Open, t0.AddSeconds(1)), TestContext.Current.CancellationToken);
        recorder.Record(new WindowScore(Window("x", 2), 0.9, [1, 1]), new CalibratedScore(0.9, 0.6, 0.5, CalibrationMethod.Likelihood));
        await recorder.WriteAsync(Alert("x", EpisodeState.Closed, t0.AddSeconds(2)), TestContext.Current.CancellationToken);

        var written = recorder.Save(labels: null);
        Assert.Equal([Path.Combine(_dir, "plots", "x.png")], written); // "y" was over the one-sensor limit
        var points = recorder.PointsOf("x");
        Assert.Equal([2.0, 2.0], points.Select(p => p.Signal)); // the newest row's first channel
        Assert.Equal([3.0, 0.6], points.Select(p => p.Score)); // the compared value: raw without calibration, calibrated with it
        Assert.Equal([model.Threshold.Overall, 0.5], points.Select(p => p.Threshold));
        Assert.Equal([(t0.AddSeconds(1), t0.AddSeconds(2))], recorder.EpisodesOf("x"));
    }

    private static Alert Alert(string sensor, EpisodeState state, DateTimeOffset at) => new()
    {
        Id = "id", EpisodeId = "e", SensorId = sensor, State = state, EpisodeStart = at, WindowStart = at, WindowEnd = at,
        Score = 3, PeakScore = 3, Threshold = 1.5, AnomalousWindows = 1, TopChannels = [], ModelName = "m", ModelVersion = "v",
    };
}
