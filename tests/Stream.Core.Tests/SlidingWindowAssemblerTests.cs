using StreamAE.Core.Domain;
using StreamAE.Core.Pipeline;

namespace StreamAE.Core.Tests;

public class SlidingWindowAssemblerTests
{
    [Fact]
    public void First_window_completes_at_T_readings_then_every_H()
    {
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 4, Hop = 2 });
        var windows = assembler.AddRange(Enumerable.Range(0, 10).Select(i => TestData.Reading("s", i)));

        // Windows end at readings 3, 5, 7, 9 (0-based).
        Assert.Equal([3f, 5f, 7f, 9f], windows.Select(w => w[3, 0]));
        Assert.Equal([0f, 1f, 2f, 3f], windows[0].Values);
        Assert.Equal([6f, 7f, 8f, 9f], windows[^1].Values);
        Assert.Equal(TestData.T0.AddMinutes(6), windows[^1].Start);
        Assert.Equal(TestData.T0.AddMinutes(9), windows[^1].End);
        Assert.Equal([0L, 1L, 2L, 3L], windows.Select(w => w.Sequence));
    }

    [Fact]
    public void Hop_one_emits_a_window_per_reading_after_warm_up()
    {
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 3, Hop = 1 });
        var windows = assembler.AddRange(Enumerable.Range(0, 6).Select(i => TestData.Reading("s", i)));
        Assert.Equal(4, windows.Count);
        Assert.Equal([1f, 2f, 3f], windows[1].Values);
    }

    [Fact]
    public void Multichannel_windows_are_row_major()
    {
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 2, Hop = 1 });
        var windows = assembler.AddRange([TestData.Reading("s", 0, 1, 10), TestData.Reading("s", 1, 2, 20)]);
        var w = Assert.Single(windows);
        Assert.Equal(2, w.Channels);
        Assert.Equal([1f, 10f, 2f, 20f], w.Values);
        Assert.Equal(20f, w[1, 1]);
    }

    [Fact]
    public void Sensors_are_kept_apart()
    {
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 3, Hop = 1 });
        var readings = Enumerable.Range(0, 3).SelectMany(i => new[] { TestData.Reading("a", i, i), TestData.Reading("b", i, 100 + i) });
        var windows = assembler.AddRange(readings);
        Assert.Equal(2, windows.Count);
        Assert.Equal([0f, 1f, 2f], windows.Single(w => w.SensorId == "a").Values);
        Assert.Equal([100f, 101f, 102f], windows.Single(w => w.SensorId == "b").Values);
        Assert.Equal(2, assembler.TrackedSensors);
    }

    [Fact]
    public void A_gap_larger_than_the_maximum_restarts_the_sensor()
    {
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 3, Hop = 1, MaxGap = TimeSpan.FromMinutes(5) });
        assembler.AddRange([TestData.Reading("s", 0), TestData.Reading("s", 1)]);

        Assert.Equal(WindowAddResult.GapRestart, assembler.Add(TestData.Reading("s", 20), out var none));
        Assert.Null(none);
        Assert.Equal(WindowAddResult.Buffered, assembler.Add(TestData.Reading("s", 21), out _));
        Assert.Equal(WindowAddResult.WindowCompleted, assembler.Add(TestData.Reading("s", 22), out var window));
        Assert.Equal([20f, 21f, 22f], window!.Values); // nothing from before the gap
        Assert.Equal(0, window.Sequence);
    }

    [Fact]
    public void A_gap_within_the_maximum_does_not_restart()
    {
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 3, Hop = 1, MaxGap = TimeSpan.FromMinutes(5) });
        var windows = assembler.AddRange([TestData.Reading("s", 0), TestData.Reading("s", 5), TestData.Reading("s", 10)]);
        Assert.Single(windows);
    }

    [Fact]
    public void Out_of_order_and_duplicate_timestamps_are_rejected_without_disturbing_the_window()
    {
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 3, Hop = 1 });
        assembler.AddRange([TestData.Reading("s", 0), TestData.Reading("s", 2)]);
        Assert.Equal(WindowAddResult.OutOfOrder, assembler.Add(TestData.Reading("s", 1), out _));
        Assert.Equal(WindowAddResult.Duplicate, assembler.Add(TestData.Reading("s", 2, 99), out _));
        Assert.Equal(WindowAddResult.WindowCompleted, assembler.Add(TestData.Reading("s", 3), out var window));
        Assert.Equal([0f, 2f, 3f], window!.Values);
    }

    [Fact]
    public void A_change_of_channel_count_restarts_the_sensor()
    {
        var assembler = new SlidingWindowAssembler(new WindowingOptions { WindowLength = 2, Hop = 1 });
        assembler.AddRange([TestData.Reading("s", 0, 1)]);
        Assert.Equal(WindowAddResult.ChannelCountRestart, assembler.Add(TestData.Reading("s", 1, 1, 2), out var w));
        Assert.Null(w);
    }
}
