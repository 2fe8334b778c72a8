using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Alerts;

/// <summary>
/// Turns window scores into alert episodes per sensor: the first anomalous window opens an episode (one Open alert),
/// further anomalous windows update it silently, and <see cref="EpisodeOptions.CooldownWindows"/> consecutive normal
/// windows close it (one Closed alert). Not thread-safe: fed from the pipeline's single scoring thread.
/// </summary>
public sealed class AlertEpisodeTracker(EpisodeOptions options)
{
    private readonly Dictionary<string, OpenEpisode> _open = new(StringComparer.Ordinal);

    public int OpenEpisodes => _open.Count;

    public IEnumerable<Alert> Process(WindowScore score, AnomalyThreshold threshold, ModelDescriptor model)
    {
        var window = score.Window;
        var anomalous = threshold.IsAnomalous(score.Score);
        if (!_open.TryGetValue(window.SensorId, out var episode))
        {
            if (!anomalous)
            {
                yield break;
            }

            var id = Alert.MakeId(window.SensorId, window.End, model.Version);
            episode = new OpenEpisode(id, window.Start, score);
            _open.Add(window.SensorId, episode);
            yield return Build(episode, score, EpisodeState.Open, id, threshold, model);
            yield break;
        }

        if (anomalous)
        {
            episode.AnomalousWindows++;
            episode.NormalStreak = 0;
            if (score.Score > episode.Peak.Score)
            {
                episode.Peak = score;
            }

            yield break;
        }

        episode.NormalStreak++;
        if (episode.NormalStreak >= options.CooldownWindows)
        {
            _open.Remove(window.SensorId);
            var closeId = Alert.MakeId(window.SensorId, window.End, model.Version);
            yield return Build(episode, score, EpisodeState.Closed, closeId, threshold, model);
        }
    }

    /// <summary>Forgets a sensor's episode without emitting anything (partition revoked, sensor evicted).</summary>
    public bool Forget(string sensorId) => _open.Remove(sensorId);

    private Alert Build(OpenEpisode episode, WindowScore current, EpisodeState state, string id, AnomalyThreshold threshold, ModelDescriptor model) => new()
    {
        Id = id,
        EpisodeId = episode.Id,
        SensorId = current.Window.SensorId,
        State = state,
        EpisodeStart = episode.Start,
        WindowStart = current.Window.Start,
        WindowEnd = current.Window.End,
        Score = current.Score,
        PeakScore = episode.Peak.Score,
        Threshold = threshold.Overall,
        AnomalousWindows = episode.AnomalousWindows,
        TopChannels = ChannelAttribution.Top(episode.Peak.ChannelErrors, model.ChannelNames, options.TopChannels),
        ModelName = model.Name,
        ModelVersion = model.Version,
        Position = current.Window.LastPosition,
    };

    private sealed class OpenEpisode(string id, DateTimeOffset start, WindowScore first)
    {
        public string Id { get; } = id;

        public DateTimeOffset Start { get; } = start;

        public WindowScore Peak { get; set; } = first;

        public int AnomalousWindows { get; set; } = 1;

        public int NormalStreak { get; set; }
    }
}
