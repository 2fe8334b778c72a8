using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Detectors;

/// <summary>A detector that can be evaluated: fits a scorer on training rows only and says which rows calibrate its threshold.</summary>
public interface IDetector
{
    string Name { get; }

    /// <summary>Whether the detector honours <see cref="DetectorSettings.ScoredSteps"/> (the autoencoders); others refuse <c>/last&lt;k&gt;</c>.</summary>
    bool ScoresLastSteps => false;

    FittedScorer Fit(IReadOnlyList<TrainingSeries> train, DetectorSettings settings);
}
