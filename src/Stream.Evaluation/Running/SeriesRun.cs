namespace StreamAE.Evaluation.Running;

/// <summary>
/// What the detector did on one series, row by row: the score of the window ending at each row (NaN before the first
/// full window), the threshold it ran with, and the alert episodes it opened (as row indices).
/// </summary>
public sealed record SeriesRun(string SensorId, double[] Scores, double Threshold, IReadOnlyList<AlertEpisode> Episodes)
{
    public IEnumerable<int> OpenRows => Episodes.Select(e => e.OpenRow);

    public int Rows => Scores.Length;
}
