namespace StreamAE.Evaluation.Running;

/// <summary>
/// Re-derives alert episodes from stored per-row scores at another threshold, by the same rule as the pipeline's
/// AlertEpisodeTracker (open on the first score above the threshold, close after the cool-down of normal windows).
/// Used to sweep thresholds (the NAB oracle, PR curves) without re-running the model; a test checks it against the pipeline.
/// </summary>
public static class EpisodeReplay
{
    public static IReadOnlyList<AlertEpisode> Episodes(ReadOnlySpan<double> scores, double threshold, int cooldownWindows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cooldownWindows, 1);
        var episodes = new List<AlertEpisode>();
        int? open = null;
        var lastAnomalous = -1;
        var normalStreak = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var score = scores[i];
            if (double.IsNaN(score))
            {
                continue; // no window ends here
            }

            var anomalous = score > threshold;
            if (open is null)
            {
                if (anomalous)
                {
                    open = i;
                    lastAnomalous = i;
                    normalStreak = 0;
                }

                continue;
            }

            if (anomalous)
            {
                lastAnomalous = i;
                normalStreak = 0;
                continue;
            }

            if (++normalStreak >= cooldownWindows)
            {
                episodes.Add(new AlertEpisode(open.Value, lastAnomalous, i));
                open = null;
            }
        }

        if (open is not null)
        {
            episodes.Add(new AlertEpisode(open.Value, lastAnomalous, null));
        }

        return episodes;
    }
}
