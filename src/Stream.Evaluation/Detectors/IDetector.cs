using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Detectors;

/// <summary>A detector that can be evaluated: fits a scorer on training rows only and says which rows calibrate its threshold.</summary>
public interface IDetector
{
    string Name { get; }

    FittedScorer Fit(IReadOnlyList<TrainingSeries> train, DetectorSettings settings);
}
