using Microsoft.Extensions.Time.Testing;
using StreamAE.Core.Domain;
using StreamAE.Core.IO;
using StreamAE.Core.Pipeline;

namespace StreamAE.Core.Tests;

/// <summary>The one input check of both paths: sensor ids (length, characters) and timestamps (future skew).</summary>
public class ReadingValidatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static ReadingValidator Validator(int maxIdLength = 256, TimeSpan? skew = null) =>
        new(new InputLimits { MaxSensorIdLength = maxIdLength, MaxFutureSkew = skew ?? TimeSpan.FromHours(1) }, new FakeTimeProvider(Now));

    private static Reading At(string sensor, DateTimeOffset time) => new(sensor, time, [1f]);

    [Theory]
    [InlineData("pump-7")]
    [InlineData("Pumpe-Straße-温度-датчик")]
    [InlineData("sensor \U0001F525 hot")] // a surrogate pair is one valid character
    [InlineData("a b_c")]
    public void Ids_of_any_script_are_accepted(string id) => Assert.Null(Validator().Check(At(id, Now), 1));

    [Fact]
    public void Ids_with_broken_utf16_are_refused()
    {
        // Built here: a lone surrogate does not survive as theory data.
        foreach (var id in new[] { "lone" + (char)0xD800 + "surrogate", (char)0xDC00 + "low-first", "end" + (char)0xD83D })
        {
            var problem = Validator().Check(At(id, Now), 1);
            Assert.Equal(SkipReason.BadSensorId, problem!.Value.Reason);
            Assert.Contains("surrogate", problem.Value.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("line\nbreak", "U+000A")]
    [InlineData("nul\0byte", "U+0000")]
    [InlineData("esc\u001b[31mred", "U+001B")]
    [InlineData("bidi\u202Eevil", "U+202E")]
    [InlineData("zero\u200Bwidth", "U+200B")]
    [InlineData("bom\uFEFF", "U+FEFF")]
    public void Ids_with_control_format_or_broken_characters_are_refused_naming_the_character(string id, string named)
    {
        var problem = Validator().Check(At(id, Now), 1);
        Assert.NotNull(problem);
        Assert.Equal(SkipReason.BadSensorId, problem.Value.Reason);
        Assert.Contains(named, problem.Value.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem.Value.Detail); // the detail is safe to log as it is
        Assert.DoesNotContain('\u202E', problem.Value.Detail);
    }

    [Fact]
    public void An_id_over_the_length_limit_is_refused_with_a_short_detail()
    {
        var validator = Validator(maxIdLength: 256);
        Assert.Null(validator.Check(At(new string('x', 256), Now), 1));
        var problem = validator.Check(At(new string('x', 600_000), Now), 1);
        Assert.Equal(SkipReason.BadSensorId, problem!.Value.Reason);
        Assert.Contains("600000 characters", problem.Value.Detail, StringComparison.Ordinal);
        Assert.True(problem.Value.Detail.Length < 300, problem.Value.Detail);
    }

    [Fact]
    public void A_timestamp_beyond_the_future_skew_is_refused_and_an_old_one_is_accepted()
    {
        var validator = Validator(skew: TimeSpan.FromHours(1));
        Assert.Null(validator.Check(At("s", Now.AddMinutes(59)), 1));
        Assert.Equal(SkipReason.FutureTimestamp, validator.Check(At("s", Now.AddMinutes(61)), 1)!.Value.Reason);
        var far = validator.Check(At("s", DateTimeOffset.MaxValue), 1);
        Assert.Equal(SkipReason.FutureTimestamp, far!.Value.Reason);
        Assert.Contains("Limits:MaxFutureSkew", far.Value.Detail, StringComparison.Ordinal);
        Assert.Null(validator.Check(At("s", DateTimeOffset.MinValue), 1));
        Assert.Null(validator.Check(At("s", new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero)), 1));
    }

    [Fact]
    public void A_far_future_reading_in_the_pipeline_is_skipped_and_does_not_mute_its_sensor()
    {
        var ingest = new IngestCounters();
        var scorer = new MaxAbsScorer(TestData.Model(windowLength: 2));
        var pipeline = new DetectionPipeline(
            new WindowingOptions { WindowLength = 2, Hop = 1 },
            new PipelineOptions { MaxBatchSize = 1, MaxBatchWait = TimeSpan.FromSeconds(1) },
            new Alerts.EpisodeOptions(),
            new Scoring.ModelSlot(new Scoring.ScoringModel(scorer, new Scoring.AnomalyThreshold(10))),
            new BadInputHandler(BadInputPolicy.Skip, ingest, new CollectingLogger()),
            new System.Reactive.Concurrency.HistoricalScheduler());
        var input = new System.Reactive.Subjects.Subject<Reading>();
        var windows = new List<SensorWindow>();
        using var _ = pipeline.ToWindows(input).Subscribe(windows.Add);
        input.OnNext(TestData.Reading("s", 0));
        input.OnNext(new Reading("s", new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero), [1]));
        input.OnNext(TestData.Reading("s", 1));
        input.OnNext(TestData.Reading("s", 2));
        Assert.Equal(1, ingest[SkipReason.FutureTimestamp]);
        Assert.Equal(0, ingest[SkipReason.OutOfOrder]);
        Assert.Equal(2, windows.Count);
    }
}
