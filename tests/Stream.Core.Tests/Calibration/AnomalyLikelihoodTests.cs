using System.Text.Json;
using StreamAE.Core.Calibration;

namespace StreamAE.Core.Tests.Calibration;

public class AnomalyLikelihoodTests
{
    private static readonly LikelihoodOptions Defaults = new();

    private static double[] Run(AnomalyLikelihood likelihood, double[] scores, int first = 0, float[]? newest = null) =>
        scores.Select((s, i) => likelihood.Next(CalibrationData.Window("s", first + i, s, newest?[i] ?? 0f))).ToArray();

    [Fact]
    public void The_value_is_0_while_the_sensor_learns_and_a_sustained_rise_then_enters_the_red_zone_once()
    {
        var scores = CalibrationData.Noise(600);
        for (var i = 500; i < 520; i++)
        {
            scores[i] = 25; // a sustained anomaly: 20 windows far above the noise
        }

        var values = Run(new AnomalyLikelihood(Defaults, "v1"), scores);

        Assert.All(values[..Defaults.LearningWindows], v => Assert.Equal(0, v));
        Assert.All(values, v => Assert.InRange(v, 0, 1));
        Assert.True(values[Defaults.LearningWindows..500].Count(v => v > 0.5) <= 2, "noise rarely reaches the red zone");
        var firstRed = Array.FindIndex(values, 500, v => v > 0.5);
        Assert.InRange(firstRed, 500, 503);
        // Red-zone filter: the following red windows are lowered to the yellow level (10⁻³ → 0.3).
        Assert.Equal(0.3, values[firstRed + 1], 6);
        Assert.Equal(0.3, values[firstRed + 5], 6);
    }

    [Fact]
    public void A_newest_reading_beyond_the_seen_range_by_more_than_5_percent_scores_1()
    {
        var likelihood = new AnomalyLikelihood(Defaults, "v1");
        var n = Defaults.LearningWindows + 50;
        var newest = Enumerable.Range(0, n).Select(i => (float)Math.Sin(i * 0.3) * 10).ToArray(); // range [-10, 10]
        Run(likelihood, Enumerable.Repeat(1.0, n).ToArray(), 0, newest);

        Assert.NotEqual(1.0, likelihood.Next(CalibrationData.Window("s", n, 1.0, newest: 10.9f)), 6); // within 5 % of 20
        Assert.Equal(1.0, likelihood.Next(CalibrationData.Window("s", n + 1, 1.0, newest: 12.5f)));  // beyond it
        Assert.NotEqual(1.0, likelihood.Next(CalibrationData.Window("s", n + 2, 1.0, newest: 12.6f)), 6); // the range widened
        Assert.Equal(1.0, likelihood.Next(CalibrationData.Window("s", n + 3, 1.0, newest: -12f)));
    }

    [Fact]
    public void A_constant_series_stays_at_the_mean_then_its_first_change_stands_out()
    {
        var likelihood = new AnomalyLikelihood(Defaults, "v1");
        var flat = Run(likelihood, new double[300]);
        Assert.All(flat[..Defaults.LearningWindows], v => Assert.Equal(0, v));
        Assert.All(flat[Defaults.LearningWindows..], v => Assert.Equal(NormalTail.ToValue(0.5), v, 6)); // tail 0.5: no NaN, far from the level

        var changed = likelihood.Next(CalibrationData.Window("s", 300, 0.5));
        Assert.True(changed > 0.5, $"a change after a flat history must be red, got {changed}");
    }

    [Fact]
    public void Non_finite_scores_give_1_and_are_not_learned_from()
    {
        var scores = CalibrationData.Noise(400);
        var clean = Run(new AnomalyLikelihood(Defaults, "v1"), scores);

        var withBad = new AnomalyLikelihood(Defaults, "v1");
        var values = new List<double>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (i is 150 or 250)
            {
                Assert.Equal(1.0, withBad.Next(CalibrationData.Window("s", 1000 + i, double.NaN)));
                Assert.Equal(1.0, withBad.Next(CalibrationData.Window("s", 2000 + i, double.PositiveInfinity)));
            }

            values.Add(withBad.Next(CalibrationData.Window("s", i, scores[i])));
        }

        Assert.Equal(clean, values);
    }

    [Fact]
    public void One_absurd_finite_score_does_not_blind_the_sensor()
    {
        var scores = CalibrationData.Noise(1200);
        scores[300] = 1e30; // clamped to 10¹² and winsorised on its way into the history
        for (var i = 900; i < 910; i++)
        {
            scores[i] = 25;
        }

        var values = Run(new AnomalyLikelihood(Defaults, "v1"), scores);

        Assert.True(values[300] > 0.5);
        Assert.Contains(values[900..905], v => v > 0.5);
    }

    [Fact]
    public void Export_then_restore_continues_exactly_as_the_uninterrupted_sensor_even_through_json()
    {
        var scores = CalibrationData.Noise(900);
        scores[700] = 40;
        var newest = scores.Select((s, i) => (float)(Math.Sin(i * 0.1) * 3)).ToArray();
        newest[800] = 50;
        var uninterrupted = Run(new AnomalyLikelihood(Defaults, "v1"), scores, 0, newest);

        var first = new AnomalyLikelihood(Defaults, "v1");
        var before = Run(first, scores[..555], 0, newest[..555]);
        var json = JsonSerializer.Serialize<CalibrationState>(first.Export(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var state = Assert.IsType<LikelihoodState>(JsonSerializer.Deserialize<CalibrationState>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var second = AnomalyLikelihood.From(state, Defaults);
        Assert.NotNull(second);
        var after = Run(second, scores[555..], 555, newest[555..]);

        Assert.Equal(uninterrupted, before.Concat(after));
        Assert.Contains("\"method\":\"likelihood\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_state_has_a_fixed_size_under_2_KB_for_one_channel_however_long_the_sensor_runs()
    {
        var likelihood = new AnomalyLikelihood(Defaults, "v1");
        Run(likelihood, CalibrationData.Noise(20_000));
        var state = Assert.IsType<LikelihoodState>(likelihood.Export());

        var bytes = (8 * (state.Recent.Length + state.BlockMeans.Length + state.BlockM2.Length)) + (4 * (state.Min.Length + state.Max.Length)) + (8 * 6);
        Assert.InRange(bytes, 1, 2048);
        Assert.Equal(10, state.Recent.Length);
        Assert.Equal(87, state.BlockMeans.Length); // ⌈8640 / 100⌉ blocks of running moments
        Assert.Equal(20_000, state.Windows);
    }

    [Fact]
    public void A_state_that_does_not_fit_the_options_is_refused()
    {
        var likelihood = new AnomalyLikelihood(Defaults, "v1");
        Run(likelihood, CalibrationData.Noise(50));
        var state = (LikelihoodState)likelihood.Export();

        Assert.Null(AnomalyLikelihood.From(state, new LikelihoodOptions { AveragingWindow = 5 }));
        Assert.Null(AnomalyLikelihood.From(state with { BlockM2 = [1.0] }, Defaults));
    }
}
