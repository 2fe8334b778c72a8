namespace StreamAE.Core.Calibration;

/// <summary>
/// <see cref="AnomalyLikelihood"/>'s state: the moving-average ring, the history as running moments per block, the
/// current estimate, the previous tail probability (red-zone filter) and the seen range per channel. Its size is
/// bounded by the options, not by how long the sensor runs: 8·(AveragingWindow + 2·⌈HistoryWindows / ReestimationPeriod⌉
/// + 8·channels + 8) bytes, ≈ 1.6 KB for one channel with the defaults.
/// </summary>
public sealed record LikelihoodState(
    string ModelVersion,
    long Windows,
    double[] Recent,
    double[] BlockMeans,
    double[] BlockM2,
    double Mean,
    double Std,
    bool Estimated,
    double PreviousTail,
    float[] Min,
    float[] Max,
    bool RangeSeen) : CalibrationState(ModelVersion, Windows);
