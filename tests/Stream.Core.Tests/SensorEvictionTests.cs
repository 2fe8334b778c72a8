using StreamAE.Core.Pipeline;

namespace StreamAE.Core.Tests;

public class SensorEvictionTests
{
    [Fact]
    public void A_new_sensor_beyond_the_limit_evicts_the_least_recently_seen_one()
    {
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 2 }, maxSensors: 2);
        var evicted = new List<string>();
        assembler.SensorEvicted += evicted.Add;

        assembler.Add(TestData.Reading("a", 0), out _);
        assembler.Add(TestData.Reading("b", 0), out _);
        assembler.Add(TestData.Reading("a", 1), out var aWindow); // a seen again: b is now the oldest
        Assert.NotNull(aWindow);
        assembler.Add(TestData.Reading("c", 0), out _);

        Assert.Equal(["b"], evicted);
        Assert.Equal(2, assembler.TrackedSensors);
        Assert.Equal(1, assembler.EvictedSensors);

        // a kept its buffer (its next reading completes a window); b starts over.
        Assert.Equal(WindowAddResult.WindowCompleted, assembler.Add(TestData.Reading("a", 2), out _));
        Assert.Equal(WindowAddResult.Buffered, assembler.Add(TestData.Reading("b", 5), out _));
        Assert.Equal(["b", "c"], evicted);
    }

    [Fact]
    public void Forgetting_a_sensor_frees_its_place()
    {
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 2 }, maxSensors: 1);
        var evicted = 0;
        assembler.SensorEvicted += _ => evicted++;
        assembler.Add(TestData.Reading("a", 0), out _);
        Assert.True(assembler.Forget("a"));
        assembler.Add(TestData.Reading("b", 0), out _);
        Assert.Equal(0, evicted);
        Assert.Equal(1, assembler.TrackedSensors);
    }
}
