using StreamAE.Core.Alerts;
using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Tests;

public class AlertEpisodeTrackerTests
{
    private static readonly AnomalyThreshold Threshold = new(1.0);
    private static readonly ModelDescriptor Model = TestData.Model(channels: 3);

    private static List<Alert> Run(AlertEpisodeTracker tracker, string sensor, params double[] scores) =>
        scores.SelectMany((s, i) => tracker.Process(TestData.Score(sensor, 10 + i, s, (float)s, 0.1f, 0.2f), Threshold, Model)).ToList();

    [Fact]
    public void Opens_on_the_first_anomalous_window_and_suppresses_the_rest()
    {
        var tracker = new AlertEpisodeTracker(new EpisodeOptions { CooldownWindows = 3 });
        var alerts = Run(tracker, "s", 0.5, 2.0, 3.0, 2.5);
        var open = Assert.Single(alerts);
        Assert.Equal(EpisodeState.Open, open.State);
        Assert.Equal(2.0, open.Score);
        Assert.Equal(TestData.T0.AddMinutes(11), open.WindowEnd);
        Assert.Equal(open.Id, open.EpisodeId);
        Assert.Equal(Alert.MakeId("s", TestData.T0.AddMinutes(11), "v1"), open.Id);
        Assert.Equal("ch0", open.TopChannels[0].Channel);
        Assert.Equal(1, tracker.OpenEpisodes);
    }

    [Fact]
    public void Closes_after_N_consecutive_normal_windows_with_the_episode_summary()
    {
        var tracker = new AlertEpisodeTracker(new EpisodeOptions { CooldownWindows = 3 });
        var alerts = Run(tracker, "s", 2.0, 4.0, 0.1, 0.1, 0.1, 0.1);
        Assert.Equal(2, alerts.Count);
        var close = alerts[1];
        Assert.Equal(EpisodeState.Closed, close.State);
        Assert.Equal(alerts[0].Id, close.EpisodeId);
        Assert.NotEqual(alerts[0].Id, close.Id);
        Assert.Equal(4.0, close.PeakScore);
        Assert.Equal(2, close.AnomalousWindows);
        Assert.Equal(TestData.T0.AddMinutes(14), close.WindowEnd); // third normal window after the last anomalous one
        Assert.Equal(0, tracker.OpenEpisodes);
    }

    [Fact]
    public void An_anomalous_window_during_cool_down_restarts_the_count()
    {
        var tracker = new AlertEpisodeTracker(new EpisodeOptions { CooldownWindows = 3 });
        var alerts = Run(tracker, "s", 2.0, 0.1, 0.1, 2.0, 0.1, 0.1);
        Assert.Single(alerts); // still open: only two normal windows since the last anomalous one
        Assert.Equal(1, tracker.OpenEpisodes);
    }

    [Fact]
    public void A_new_episode_opens_after_one_closed()
    {
        var tracker = new AlertEpisodeTracker(new EpisodeOptions { CooldownWindows = 1 });
        var alerts = Run(tracker, "s", 2.0, 0.1, 3.0);
        Assert.Equal([EpisodeState.Open, EpisodeState.Closed, EpisodeState.Open], alerts.Select(a => a.State));
        Assert.NotEqual(alerts[0].EpisodeId, alerts[2].EpisodeId);
    }

    [Fact]
    public void Episodes_of_different_sensors_are_independent()
    {
        var tracker = new AlertEpisodeTracker(new EpisodeOptions { CooldownWindows = 2 });
        Assert.Single(Run(tracker, "a", 2.0));
        Assert.Single(Run(tracker, "b", 2.0));
        Assert.Empty(Run(tracker, "a", 0.1));
        Assert.Equal(2, tracker.OpenEpisodes);
    }

    [Fact]
    public void Alert_ids_are_deterministic_and_depend_on_sensor_window_end_and_model_version()
    {
        var end = TestData.T0.AddHours(1);
        Assert.Equal(Alert.MakeId("s", end, "v1"), Alert.MakeId("s", end, "v1"));
        Assert.NotEqual(Alert.MakeId("s", end, "v1"), Alert.MakeId("s", end, "v2"));
        Assert.NotEqual(Alert.MakeId("s", end, "v1"), Alert.MakeId("t", end, "v1"));
        Assert.NotEqual(Alert.MakeId("s", end, "v1"), Alert.MakeId("s", end.AddTicks(1), "v1"));
    }
}
