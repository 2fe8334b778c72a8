using StreamAE.Core.Alerts;
using StreamAE.Core.Calibration;
using StreamAE.Core.Scoring;

namespace StreamAE.Connectors.Kafka;

/// <summary>
/// What a restarted detector needs to continue one sensor exactly where an uninterrupted run would be, stored in the
/// compacted state topic keyed by sensor. Written only after the alerts it accounts for are acknowledged.
/// </summary>
/// <param name="LastOffset">Offset of the sensor's last processed message; later messages are new.</param>
/// <param name="ResumeOffset">Offset of the oldest reading a future window still needs (the start of the replay).</param>
/// <param name="Accepted">Readings in the sensor's window state since it (re)started, the held ones included.</param>
/// <param name="Held">Readings from <paramref name="ResumeOffset"/> to <paramref name="LastOffset"/> that rebuild the window (≤ T−1).</param>
/// <param name="PartitionNextOffset">Next offset of the whole partition when written: poison messages before it were already dead-lettered.</param>
/// <param name="Episode">The sensor's open episode, or null.</param>
/// <param name="Calibration">The sensor's calibration state (bounded, see its type), or null.</param>
/// <param name="Scorer">What an online scorer learned for the sensor (online AR(p)), or null.</param>
public sealed record SensorCheckpoint(
    string SensorId,
    string Topic,
    int Partition,
    long LastOffset,
    long ResumeOffset,
    long Accepted,
    int Held,
    int Channels,
    long PartitionNextOffset,
    EpisodeSnapshot? Episode,
    CalibrationState? Calibration = null,
    ScorerSensorState? Scorer = null);
