using Microsoft.Extensions.Time.Testing;
using StreamAE.Core.Observability;

namespace StreamAE.Core.Tests;

/// <summary>Logs stay readable under faults: bursts rate-limited with counts, hostile text shortened and escaped.</summary>
public class LogLimitsTests
{
    [Fact]
    public void A_burst_is_logged_once_per_interval_per_kind_with_the_count_left_out()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var limiter = new LogRateLimiter(TimeSpan.FromSeconds(30), time);
        Assert.True(limiter.ShouldLog("Local_Transport", out var suppressed));
        Assert.Equal(0, suppressed);

        var logged = 0;
        for (var i = 0; i < 20 * 20; i++) // 20 errors a second for 20 s
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            logged += limiter.ShouldLog("Local_Transport", out _) ? 1 : 0;
        }

        Assert.Equal(0, logged);
        Assert.True(limiter.ShouldLog("Local_AllBrokersDown", out _)); // another kind has its own budget
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.ShouldLog("Local_Transport", out suppressed));
        Assert.Equal(20 * 20, suppressed);
    }

    [Fact]
    public void Kinds_beyond_the_limit_share_one_slot()
    {
        var limiter = new LogRateLimiter(TimeSpan.FromMinutes(1), new FakeTimeProvider());
        var logged = Enumerable.Range(0, LogRateLimiter.MaxKinds + 100).Count(i => limiter.ShouldLog($"kind-{i}", out _));
        Assert.Equal(LogRateLimiter.MaxKinds + 1, logged);
    }

    [Theory]
    [InlineData("pump-7", "pump-7")]
    [InlineData("a\nb", "a\\u000Ab")]
    [InlineData("x\u202Ey", "x\\u202Ey")]
    [InlineData("ok \U0001F525", "ok \U0001F525")]
    public void Hostile_text_is_escaped(string text, string shown) => Assert.Equal(shown, SensorIdDisplay.Shorten(text));

    [Fact]
    public void A_lone_surrogate_is_escaped()
    {
        // Built here: a lone surrogate does not survive as theory data.
        Assert.Equal("lone\\uD800", SensorIdDisplay.Shorten("lone" + (char)0xD800));
        Assert.Equal("\\uDC00x", SensorIdDisplay.Shorten((char)0xDC00 + "x"));
    }

    [Fact]
    public void Long_text_is_cut_with_its_length()
    {
        var shown = SensorIdDisplay.Shorten(new string('x', 600_000));
        Assert.Equal(new string('x', SensorIdDisplay.MaxShown) + "…(600000 chars)", shown);
    }
}
