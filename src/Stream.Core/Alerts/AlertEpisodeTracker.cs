using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Alerts;

/// <summary>
/// Turns judged window scores into alert episodes per sensor: the first anomalous window (its calibrated value above
/// the alert level, or without calibration its raw score above the threshold) opens an episode (one Open alert),
/// further anomalous windows update it silently, and <see cref="EpisodeOptions.CooldownWindows"/> consecutive normal
/// windows close it (one Closed alert). Not thread-safe: fed from the pipeline's single scoring thread.
/// </summary>
public sealed class AlertEpisodeTracker(EpisodeOptions options)
{
    private readonly Dictionary<string, OpenEpisode> _open = new(StringComparer.Ordinal);

    public int OpenEpisodes => _open.Count;

    /// <summary>Without calibration: the raw score against the threshold.</summary>
    public IEnumerable<Alert> Process(WindowScore score, AnomalyThreshold threshold, ModelDescriptor model) =>
        Process(score, CalibratedScore.Uncalibrated(score.Score, threshold.Overall), model);

    public IEnumerable<Alert> Process(WindowScore score, CalibratedScore judged, ModelDescriptor model)
    {
        var window = score.Window;
        var anomalous = judged.IsAnomalous;
        if (!_open.TryGetValue(window.SensorId, out var episode))
        {
            if (!anomalous)
            {
                yield break;
            }

            var id = Alert.MakeId(window.SensorId, window.End, model.Version);
            episode = new OpenEpisode(id, window.Start, judged.Value, score.ChannelErrors) { PeakCapped = score.Capped };
            _open.Add(window.SensorId, episode);
            yield return Build(episode, score, judged, EpisodeState.Open, id, model);
            yield break;
        }

        if (anomalous)
        {
            episode.AnomalousWindows++;
            episode.NormalStreak = 0;
            if (judged.Value > episode.PeakScore)
            {
                episode.PeakScore = judged.Value;
                episode.PeakErrors = score.ChannelErrors;
                episode.PeakCapped = score.Capped;
            }

            yield break;
        }

        episode.NormalStreak++;
        if (episode.NormalStreak >= options.CooldownWindows)
        {
            _open.Remove(window.SensorId);
            var closeId = Alert.MakeId(window.SensorId, window.End, model.Version);
            yield return Build(episode, score, judged, EpisodeState.Closed, closeId, model);
        }
    }

    /// <summary>Forgets a sensor's episode without emitting anything (partition revoked, sensor evicted).</summary>
    public bool Forget(string sensorId) => _open.Remove(sensorId);

    /// <summary>The sensor's open episode, or null when none is open (for checkpoints).</summary>
    public EpisodeSnapshot? Export(string sensorId) =>
        _open.TryGetValue(sensorId, out var e)
            ? new EpisodeSnapshot(sensorId, e.Id, e.Start, e.PeakScore, [.. e.PeakErrors], e.AnomalousWindows, e.NormalStreak, e.PeakCapped)
            : null;

    /// <summary>Reopens an exported episode, replacing any state of that sensor, so its later events keep the episode id.</summary>
    public void Restore(EpisodeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _open[snapshot.SensorId] = new OpenEpisode(snapshot.EpisodeId, snapshot.Start, snapshot.PeakScore, [.. snapshot.PeakChannelErrors])
        {
            AnomalousWindows = snapshot.AnomalousWindows,
            NormalStreak = snapshot.NormalStreak,
            PeakCapped = snapshot.PeakCapped,
        };
    }

    private Alert Build(OpenEpisode episode, WindowScore current, CalibratedScore judged, EpisodeState state, string id, ModelDescriptor model) => new()
    {
        Id = id,
        EpisodeId = episode.Id,
        SensorId = current.Window.SensorId,
        State = state,
        EpisodeStart = episode.Start,
        WindowStart = current.Window.Start,
        WindowEnd = current.Window.End,
        Score = judged.Value,
        PeakScore = episode.PeakScore,
        Threshold = judged.Level,
        RawScore = judged.Raw,
        Calibration = CalibrationNames.Of(judged.Method),
        AnomalousWindows = episode.AnomalousWindows,
        TopChannels = ChannelAttribution.Top(episode.PeakErrors, model.ChannelNames, options.TopChannels),
        ModelName = model.Name,
        ModelVersion = model.Version,
        ScoreCapped = current.Capped || episode.PeakCapped,
        Position = current.Window.LastPosition,
    };

    private sealed class OpenEpisode(string id, DateTimeOffset start, double peakScore, float[] peakErrors)
    {
        public string Id { get; } = id;

        public DateTimeOffset Start { get; } = start;

        public double PeakScore { get; set; } = peakScore;

        public float[] PeakErrors { get; set; } = peakErrors;

        public int AnomalousWindows { get; set; } = 1;

        public int NormalStreak { get; set; }

        public bool PeakCapped { get; set; }
    }
}
