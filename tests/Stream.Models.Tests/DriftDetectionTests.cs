using System.Globalization;
using StreamAE.Core.Domain;
using StreamAE.Core.Drift;
using StreamAE.Core.Pipeline;
using StreamAE.Core.Scoring;
using StreamAE.Models.Arp;
using StreamAE.Models.Bundles;
using StreamAE.Models.Data;

namespace StreamAE.Models.Tests;

/// <summary>
/// Drift detection with the default Drift settings on a real AR(2) model (trained on 600 readings of an AR(1) series,
/// T = 16, as the service tests use) scoring synthetic series: a level shift and a slow trend are reported within the
/// windows the README documents, and a long stationary run (also one with isolated spikes) is not. The bounds are
/// the largest delays over the seeds of the measurement run; set STREAMAE_DRIFT_MEASURE=1 for that run (100 series per
/// case, 10 million stationary windows) and read the figures in the test output.
/// </summary>
public sealed class DriftDetectionTests : IDisposable
{
    private const int WindowLength = 16;
    private const int Change = 1000;
    private static readonly bool Measure = Environment.GetEnvironmentVariable("STREAMAE_DRIFT_MEASURE") == "1";
    private readonly string _dir = Directory.CreateTempSubdirectory("streamae-drift-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_level_shift_of_5_training_std_is_reported_within_40_windows_by_the_input_check_and_130_by_the_score_test()
    {
        using var model = Model(seed: 1);
        var std = model.Drift!.InputStd[0];
        var (input, score) = Delays(model, Seeds(300), 3000, t => t >= Change ? 5 * std : 0);
        Report("level shift 5σ", input, score);
        Assert.All(input, d => Assert.InRange(d!.Value, 0, 40));
        Assert.All(score, d => Assert.InRange(d!.Value, 0, 130));
    }

    [Fact]
    public void A_slow_trend_of_0_005_training_std_per_reading_is_reported_within_700_windows_of_its_start()
    {
        using var model = Model(seed: 1);
        var std = model.Drift!.InputStd[0];
        var (input, score) = Delays(model, Seeds(400), 4000, t => t >= Change ? 0.005 * std * (t - Change) : 0);
        Report("trend 0.005σ/reading", input, score);
        Assert.All(input, d => Assert.InRange(d!.Value, 0, 700));
        Assert.All(score, d => Assert.InRange(d!.Value, 0, 760));
        Assert.All(input.Zip(score), d => Assert.InRange(Math.Min(d.First!.Value, d.Second!.Value), 0, 700));
    }

    [Fact]
    public void A_stationary_series_is_not_reported_over_a_long_clean_run_nor_for_isolated_spikes()
    {
        var models = Measure ? 20 : 4;
        var sensors = Measure ? 25 : 5;
        var length = Measure ? 20_000 : 10_000;
        long windows = 0, drifted = 0;
        for (var m = 0; m < models; m++)
        {
            using var model = Model(seed: 1000 + m);
            for (var s = 0; s < sensors; s++)
            {
                var events = Observe(model, Series((m * 100) + s, length, _ => 0));
                drifted += events.Count;
                windows += length - WindowLength + 1;
            }
        }

        using var spiky = Model(seed: 1);
        var spikes = Observe(spiky, Series(77, 10_000, t => t % 150 == 75 ? 15 * spiky.Drift!.InputStd[0] : 0));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stationary: {drifted} drift event(s) in {windows} windows ({models} models x {sensors} sensors x {length} readings); spiky series: {spikes.Count}"));
        Assert.Equal(0, drifted);
        Assert.Empty(spikes);
    }

    private static IEnumerable<int> Seeds(int first) => Enumerable.Range(first, Measure ? 100 : 10);

    private ScoringModel Model(int seed)
    {
        var bundle = ArpTrainer.Train([Series(seed, 600, _ => 0)], new ArpTrainer.Options(Order: 2, WindowLength: WindowLength), Path.Combine(_dir, $"m{seed}"));
        return ModelBundleLoader.Load(bundle);
    }

    /// <summary>The AR(1) series the host tests use (φ = 0.8, level 50) plus <paramref name="extra"/>(t), one reading per second.</summary>
    private static TrainingSeries Series(int seed, int length, Func<int, double> extra)
    {
        var random = new Random(seed);
        var values = new float[length];
        double y = 0;
        for (var t = 0; t < length; t++)
        {
            y = (0.8 * y) + Synthetic.Gaussian(random);
            values[t] = (float)(50 + y + extra(t));
        }

        return new TrainingSeries("s", ["value"], values, [.. Enumerable.Range(0, length).Select(i => Synthetic.T0.AddSeconds(i))]);
    }

    private static List<DriftEvent> Observe(ScoringModel model, TrainingSeries series)
    {
        var monitor = new DriftMonitor(new DriftOptions());
        var events = new List<DriftEvent>();
        foreach (var batch in series.Windows(WindowLength, 1).Chunk(64))
        {
            events.AddRange(monitor.Observe(new ScoredBatch(model, model.Scorer.Score(batch))));
        }

        return events;
    }

    /// <summary>Windows from the first window ending at or after the change to the one each test fired at (null: never).</summary>
    private static (List<int?> Input, List<int?> Score) Delays(ScoringModel model, IEnumerable<int> seeds, int length, Func<int, double> extra)
    {
        var input = new List<int?>();
        var score = new List<int?>();
        foreach (var seed in seeds)
        {
            var events = Observe(model, Series(seed, length, extra));
            int? Delay(DriftStatistic statistic) =>
                events.FirstOrDefault(e => e.Statistic == statistic) is { } e ? (int)(e.DetectedAt - Synthetic.T0).TotalSeconds - Change : null;
            input.Add(Delay(DriftStatistic.InputRange));
            score.Add(Delay(DriftStatistic.ScoreLevel));
        }

        return (input, score);
    }

    private static void Report(string what, List<int?> input, List<int?> score)
    {
        static string Describe(List<int?> delays)
        {
            var found = delays.Where(d => d is not null).Select(d => d!.Value).Order().ToList();
            return found.Count == 0
                ? $"never ({delays.Count} series)"
                : string.Create(CultureInfo.InvariantCulture, $"median {found[found.Count / 2]}, max {found[^1]} windows, missed {delays.Count - found.Count} of {delays.Count}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: input check {Describe(input)}; score test {Describe(score)}");
    }
}
