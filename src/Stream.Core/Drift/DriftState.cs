namespace StreamAE.Core.Drift;

/// <summary>
/// One sensor's drift-test state, for the per-sensor checkpoint (see <see cref="DriftMonitor.Export"/>). Plain numbers
/// and two arrays of one value per channel: its JSON is under 400 bytes plus about 2 × 20 bytes per channel
/// (≈ 40 KB at Limits:MaxChannels = 1024).
/// </summary>
/// <param name="ModelVersion">The model the state was built under; under another model the tests start afresh.</param>
/// <param name="Windows">Windows seen under that model.</param>
/// <param name="ScoreCount">Observations of the Page-Hinkley test.</param>
/// <param name="ScoreMean">Their mean (the test's reference).</param>
/// <param name="ScoreSum">The Page-Hinkley statistic.</param>
/// <param name="ScoreSince">Where the sum last left zero, or null while it is zero.</param>
/// <param name="ScoreDriftSince">Set once score drift was reported (to its start): reported once per model version.</param>
/// <param name="InputMeanSquare">Per channel, the smoothed squared distance from the training mean, in training standard deviations.</param>
/// <param name="InputLevel">Per channel, the smoothed signed distance from the training mean.</param>
/// <param name="InputSince">Where the smoothed input last rose above half of Drift:InputLimit, or null.</param>
/// <param name="InputDriftSince">Set once input drift was reported (to its start).</param>
public sealed record DriftState(
    string ModelVersion,
    long Windows,
    long ScoreCount,
    double ScoreMean,
    double ScoreSum,
    DateTimeOffset? ScoreSince,
    DateTimeOffset? ScoreDriftSince,
    double[] InputMeanSquare,
    double[] InputLevel,
    DateTimeOffset? InputSince,
    DateTimeOffset? InputDriftSince);
