using StreamAE.Evaluation.Detectors;
using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Tests;

/// <summary>The <c>/last&lt;k&gt;</c> modifier: autoencoder detectors train and score over the last k window steps.</summary>
public sealed class ScoredStepsModifierTests
{
    /// <summary>Stands in for the autoencoder detectors (which live in the host): only its flag matters to parsing.</summary>
    private sealed class LastStepsDetector : IDetector
    {
        public string Name => "tiny-ae";

        public bool ScoresLastSteps => true;

        public FittedScorer Fit(IReadOnlyList<TrainingSeries> train, DetectorSettings settings) => throw new NotSupportedException("parse tests only");
    }

    private static DetectorRegistry Registry()
    {
        var registry = DetectorRegistry.CreateDefault();
        registry.Add(new LastStepsDetector());
        return registry;
    }

    [Fact]
    public void Last_k_sets_the_scored_steps_and_keeps_the_other_modifiers()
    {
        var spec = DetectorSpec.Parse("tiny-ae/last4/pot/ewma0.3", Registry(), new());
        Assert.Equal("tiny-ae/last4/pot/ewma0.3", spec.Name);
        Assert.Equal(4, spec.Settings.ScoredSteps);
        Assert.Equal(0.3, spec.Settings.SmoothingAlpha);
        Assert.Equal(Thresholds.ThresholdMethod.Pot, spec.Settings.Threshold);
        Assert.Equal(0, DetectorSpec.Parse("tiny-ae", Registry(), new()).Settings.ScoredSteps);
        Assert.Equal(1, DetectorSpec.Parse("tiny-ae/last1", Registry(), new()).Settings.ScoredSteps);
    }

    [Theory]
    [InlineData("tiny-ae/last0")]
    [InlineData("tiny-ae/last")]
    [InlineData("tiny-ae/last1.5")]
    [InlineData("tiny-ae/last-2")]
    public void A_bad_k_is_refused(string spec) =>
        Assert.Contains("needs a whole number in [1, 4096] after 'last'", Assert.Throws<ArgumentException>(() => DetectorSpec.Parse(spec, Registry(), new())).Message, StringComparison.Ordinal);

    [Fact]
    public void Last_k_is_refused_for_a_detector_that_does_not_score_window_steps() =>
        Assert.Contains("applies to the autoencoders only, not to 'arp'", Assert.Throws<ArgumentException>(() => DetectorSpec.Parse("arp/last1", Registry(), new())).Message, StringComparison.Ordinal);
}
