namespace StreamAE.Core.Scoring;

/// <summary>
/// A scorer that keeps learning per sensor (online AR(p)). Its per-sensor state goes into the sensor's checkpoint
/// (<see cref="Export"/>/<see cref="Restore"/>) and is dropped with the sensor (<see cref="Forget"/>). Implementations
/// are thread-safe for these calls.
/// </summary>
public interface IOnlineScorer
{
    /// <summary>The sensor's learned state; null when the scorer has none for it.</summary>
    ScorerSensorState? Export(string sensorId);

    /// <summary>Puts back an exported state; false (and nothing restored) when it does not fit this model.</summary>
    bool Restore(string sensorId, ScorerSensorState state);

    bool Forget(string sensorId);
}
