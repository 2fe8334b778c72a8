namespace StreamAE.Core.Drift;

/// <summary>Which test reported drift.</summary>
public enum DriftStatistic
{
    /// <summary>Page-Hinkley on the score stream: far more windows score high than on the model's held-out data.</summary>
    ScoreLevel,

    /// <summary>The readings have moved away from the model's training normalisation (level, spread or trend).</summary>
    InputRange,
}
