using StreamAE.Benchmarking.Onnx;
using StreamAE.Core.Domain;
using StreamAE.Models.Autoencoders;
using StreamAE.Models.Bundles;

namespace StreamAE.Benchmarking.Tests;

public class OrtThroughputProbeTests
{
    [Fact]
    public void The_throughput_probe_counts_whole_batches_through_onnx_runtime_and_the_scorer()
    {
        using var scorer = AutoencoderBundle.CreateScorer(ModelBundle.Read(Repository.Path("samples/models/ar-autoencoder")));
        var raw = OrtThroughputProbe.MeasureOnnx(scorer, 8, TimeSpan.FromMilliseconds(20));
        Assert.Equal(8, raw.Batch);
        Assert.True(raw.Windows >= 8 && raw.Windows % 8 == 0);
        Assert.True(raw.WindowsPerSecond > 0);

        var t = scorer.Model.WindowLength;
        var windows = Enumerable.Range(0, 10).Select(i => new SensorWindow("s", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(t), t, 1, [.. Enumerable.Range(0, t).Select(v => 80f + (v % 5))])).ToList();
        var full = OrtThroughputProbe.MeasureScorer(scorer, windows, 4, TimeSpan.FromMilliseconds(20));
        Assert.True(full.Windows >= 4 && full.Windows % 4 == 0);
        Assert.Throws<ArgumentException>(() => OrtThroughputProbe.MeasureScorer(scorer, [], 4, TimeSpan.Zero));
    }
}
