namespace StreamAE.Evaluation.Running;

/// <summary>
/// What the detector did on one series, row by row: the compared value of the window ending at each row (its calibrated
/// value, or its raw score when calibration is off; NaN before the first full window), the level or threshold it was
/// compared with, the raw scores, and the alert episodes it opened (as row indices).
/// </summary>
public sealed record SeriesRun(string SensorId, double[] Scores, double Threshold, IReadOnlyList<AlertEpisode> Episodes)
{
    /// <summary>The model's raw window scores (equal to <see cref="Scores"/> when calibration is off).</summary>
    public double[] RawScores { get; init; } = Scores;

    /// <summary>Whether <see cref="Scores"/> are calibrated values in [0, 1].</summary>
    public bool Calibrated { get; init; }

    /// <summary>The model's threshold from training rows (what raw scores are compared with without calibration).</summary>
    public double RawThreshold { get; init; } = Threshold;

    public IEnumerable<int> OpenRows => Episodes.Select(e => e.OpenRow);

    public int Rows => Scores.Length;

    /// <summary>The same run restricted to rows [start, end), episodes re-derived there at the given cool-down.</summary>
    public SeriesRun Slice(int start, int cooldownWindows)
    {
        var scores = Scores.AsSpan(start).ToArray();
        return new SeriesRun(SensorId, scores, Threshold, EpisodeReplay.Episodes(scores, Threshold, cooldownWindows))
        {
            RawScores = RawScores.AsSpan(start).ToArray(),
            Calibrated = Calibrated,
            RawThreshold = RawThreshold,
        };
    }

    /// <summary>The run as it would have been without calibration: raw scores against the raw threshold, episodes re-derived.</summary>
    public SeriesRun Uncalibrated(int cooldownWindows) =>
        new(SensorId, RawScores, RawThreshold, EpisodeReplay.Episodes(RawScores, RawThreshold, cooldownWindows));
}
