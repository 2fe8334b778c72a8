using StreamAE.Models.Autoencoders;
using StreamAE.Benchmarking.Training;

namespace StreamAE.Benchmarking.Tests;

public class TrainingThroughputProbeTests
{
    [Theory]
    [InlineData(AutoencoderKinds.Ar)]
    [InlineData(AutoencoderKinds.Transformer)]
    public void The_training_probe_counts_whole_optimisation_steps(string kind)
    {
        var sample = TrainingThroughputProbe.Measure(TinyData.Network(kind) with { Channels = 2 }, batch: 8, TimeSpan.FromMilliseconds(20));
        Assert.Equal("training", sample.What);
        Assert.True(sample.Windows >= 8 && sample.Windows % 8 == 0);
        Assert.True(sample.WindowsPerSecond > 0);
    }
}
