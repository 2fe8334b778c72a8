using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;
using StreamAE.Models.Arp;
using StreamAE.Models.Data;

namespace StreamAE.Models.Tests;

public class OnlineArpScorerTests
{
    private const int T = 32;
    private static readonly double[] Coefficients = [0.6, -0.2];

    private static (ArpModel Model, Normalization Normalization) Fit()
    {
        var train = Synthetic.ArProcess(Coefficients, 3000);
        var normalization = Normalization.Fit([train]);
        return (ArpFitter.Fit([train], normalization, order: 2), normalization);
    }

    private static ModelDescriptor Descriptor(string version = "v1") => new("arp", version, ArpBundle.Kind, T, ["value"]);

    private static double[] Scores(IWindowScorer scorer, TrainingSeries series, int from = 0) =>
        series.Windows(T, 1).Skip(from).Select(w => scorer.Score([w])[0].Score).ToArray();

    /// <summary>An AR process that settles at a new level 6σ higher from reading 2000 on.</summary>
    private static TrainingSeries LevelShift()
    {
        var s = Synthetic.ArProcess(Coefficients, 4000, seed: 11);
        var values = s.Values.Select((v, i) => i >= 2000 ? v + 6f : v).ToArray();
        return new TrainingSeries(s.SensorId, s.ChannelNames, values, s.Timestamps);
    }

    [Fact]
    public void A_level_shift_stops_looking_anomalous_once_it_is_the_new_normal()
    {
        var (model, normalization) = Fit();
        using var fixedScorer = new ArpScorer(Descriptor(), model, normalization);
        using var online = new OnlineArpScorer(Descriptor(), model, normalization, new OnlineArpOptions { Enabled = true });
        var series = LevelShift();
        var batch = Scores(fixedScorer, series);
        var adaptive = Scores(online, series);

        // Before the shift both see normal data; long after it the fixed AR(p) (mean-reverting, no intercept) still
        // mispredicts every step, while the online one has learned the new level.
        Assert.InRange(adaptive[1000..1900].Average(), 0.5, 2.0);
        var late = ^800..;
        Assert.True(batch[late].Average() > 3, $"fixed AR(p) late mean {batch[late].Average():F2}");
        Assert.InRange(adaptive[late].Average(), 0.3, 2.0);
    }

    [Fact]
    public void Export_then_restore_continues_exactly_as_the_uninterrupted_scorer_and_each_window_is_learned_once()
    {
        var (model, normalization) = Fit();
        var series = LevelShift();
        var windows = series.Windows(T, 1).ToList();
        using var uninterrupted = new OnlineArpScorer(Descriptor(), model, normalization, new OnlineArpOptions { Enabled = true });
        var expected = uninterrupted.Score(windows).Select(s => s.Score).ToArray();

        using var first = new OnlineArpScorer(Descriptor(), model, normalization, new OnlineArpOptions { Enabled = true });
        var before = first.Score(windows[..2100]).Select(s => s.Score);
        var state = first.Export("s");
        Assert.NotNull(state);
        Assert.Equal(2100, state.Updates);
        Assert.Equal(first.ValuesPerChannel, state.Values.Length);
        Assert.Equal(8 * ((3 * 3) + 3 + 1), 8 * first.ValuesPerChannel); // (p+1)² + (p+1) + 1 doubles per channel

        using var second = new OnlineArpScorer(Descriptor(), model, normalization, new OnlineArpOptions { Enabled = true });
        Assert.True(second.Restore("s", state));
        second.Score(windows[2090..2100]); // a replay of windows already learned: scored, not learned again
        Assert.Equal(2100, second.Export("s")!.Updates);
        var after = second.Score(windows[2100..]).Select(s => s.Score);

        Assert.Equal(expected, before.Concat(after));
    }

    [Fact]
    public void A_state_of_another_model_version_is_refused_and_forget_starts_the_sensor_from_the_bundle()
    {
        var (model, normalization) = Fit();
        var series = LevelShift();
        using var scorer = new OnlineArpScorer(Descriptor(), model, normalization, new OnlineArpOptions { Enabled = true });
        var fresh = Scores(scorer, series)[..50];
        var state = scorer.Export("s")!;

        using var other = new OnlineArpScorer(Descriptor("v2"), model, normalization, new OnlineArpOptions { Enabled = true });
        Assert.False(other.Restore("s", state));
        Assert.False(other.Restore("s", state with { Values = [1.0] }));

        Assert.True(scorer.Forget("s"));
        Assert.Null(scorer.Export("s"));
        Assert.Equal(fresh, Scores(scorer, series)[..50]);
    }

    [Fact]
    public void An_absurd_reading_is_scored_but_does_not_wreck_the_model()
    {
        var (model, normalization) = Fit();
        var s = Synthetic.ArProcess(Coefficients, 3000, seed: 5);
        var values = (float[])s.Values.Clone();
        values[1000] = 1e20f;
        values[1500] = 5e4f;
        var series = new TrainingSeries(s.SensorId, s.ChannelNames, values, s.Timestamps);
        using var online = new OnlineArpScorer(Descriptor(), model, normalization, new OnlineArpOptions { Enabled = true });
        var scores = Scores(online, series);

        Assert.True(scores[1000 - (T - 1)] > 1e6 || double.IsPositiveInfinity(scores[1000 - (T - 1)]));
        var afterwards = scores[2000..];
        Assert.All(afterwards, v => Assert.True(double.IsFinite(v)));
        Assert.InRange(afterwards.Average(), 0.5, 2.0);
        Assert.All(online.Export("s")!.Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void The_bundle_loader_serves_the_online_scorer_only_when_configured()
    {
        var directory = Path.Combine(Path.GetTempPath(), "streamae-online-arp-" + Guid.NewGuid().ToString("N"));
        try
        {
            var bundle = ArpTrainer.Train([Synthetic.ArProcess(Coefficients, 2000)], new ArpTrainer.Options(Order: 2, WindowLength: T), directory);
            using var plain = Bundles.ModelBundleLoader.Load(bundle);
            using var online = Bundles.ModelBundleLoader.Load(bundle, onlineArp: new OnlineArpOptions { Enabled = true, Forgetting = 0.99 });
            using var disabled = Bundles.ModelBundleLoader.Load(bundle, onlineArp: new OnlineArpOptions());

            Assert.IsType<ArpScorer>(plain.Scorer);
            Assert.IsType<OnlineArpScorer>(online.Scorer);
            Assert.IsType<ArpScorer>(disabled.Scorer);
            Assert.Empty(new OnlineArpOptions().Problems("Model:OnlineArp"));
            Assert.Contains(new OnlineArpOptions { Forgetting = 0.5 }.Problems("Model:OnlineArp"), p => p.StartsWith("Model:OnlineArp:Forgetting", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
