using StreamAE.Core.Calibration;

namespace StreamAE.Core.Tests.Calibration;

public class NormalTailTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.15865525393145707)]
    [InlineData(3.0, 0.0013498980316301)]
    [InlineData(4.264890793922825, 1e-5)]
    [InlineData(6.361340902404056, 1e-10)]
    [InlineData(-2.0, 0.9772498680518208)]
    public void Upper_tail_probabilities_keep_their_digits_far_into_the_tail(double z, double expected) =>
        Assert.Equal(expected, NormalTail.Upper(z, 0, 1), expected * 1e-6);

    [Theory]
    [InlineData(1e-5, 0.5)]
    [InlineData(1e-3, 0.3)]
    [InlineData(1e-12, 1.0)]
    [InlineData(1.0, 0.0)]
    public void Tail_probabilities_map_to_htm_log_scale(double tail, double value) =>
        Assert.Equal(value, NormalTail.ToValue(tail), 12);
}
