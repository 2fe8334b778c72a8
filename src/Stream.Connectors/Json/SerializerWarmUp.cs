using StreamAE.Connectors.Kafka;
using StreamAE.Core.Calibration;
using StreamAE.Core.Domain;
using StreamAE.Core.Pipeline;

namespace StreamAE.Connectors.Json;

/// <summary>
/// Serialises one alert and one checkpoint at start. System.Text.Json builds a type's serialisation metadata on first
/// use (tens of milliseconds for the alert and the polymorphic calibration state): without this, the service's first
/// alerts, and its first commit point, would wait that long.
/// </summary>
public static class SerializerWarmUp
{
    public static void Run()
    {
        var at = DateTimeOffset.UnixEpoch;
        var alert = new Alert
        {
            Id = "warm-up", EpisodeId = "warm-up", SensorId = "warm-up", State = EpisodeState.Open, EpisodeStart = at,
            WindowStart = at, WindowEnd = at, Score = 1, PeakScore = 1, Threshold = 0.5, RawScore = 1, AnomalousWindows = 1,
            TopChannels = [new ChannelContribution("c", 1, 1)], ModelName = "m", ModelVersion = "v",
        };
        AlertJson.Deserialize(AlertJson.Serialize(alert));
        var snapshot = new SensorSnapshot("warm-up", new WindowResumePoint("t", 0, 1, 1, 1, 0, 0), null)
        {
            Calibration = new AnomalyLikelihood(new LikelihoodOptions(), "v").Export(),
        };
        CheckpointStore.Deserialize(CheckpointStore.Serialize(new SensorCheckpoint(SensorCheckpoint.CurrentVersion, snapshot, 0)));
    }
}
