namespace StreamAE.Core.Calibration;

/// <summary>
/// <see cref="DynamicThreshold"/>'s state: the ring of smoothed errors (4 bytes each, HistoryWindows of them) and the
/// current threshold, highest normal error and open sequence's peak.
/// </summary>
public sealed record DynamicThresholdState(
    string ModelVersion,
    long Windows,
    float[] History,
    double Smoothed,
    double Epsilon,
    double MaxNormal,
    double SequencePeak,
    bool Ready) : CalibrationState(ModelVersion, Windows);
