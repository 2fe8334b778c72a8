namespace StreamAE.Core.Pipeline;

/// <summary>
/// Where a sensor's window state stands, as positions in its source, so that a restarted or taking-over detector can
/// rebuild it by replaying at most T−1 readings: skip what comes before <see cref="ResumeOffset"/>, re-read up to
/// <see cref="LastOffset"/> without scoring again (windows they complete were scored before), and go on from there.
/// </summary>
/// <param name="Source">The source (Kafka topic, file) the sensor's readings come from.</param>
/// <param name="Partition">The source partition (−1 for files).</param>
/// <param name="Channels">Channels of the sensor's readings.</param>
/// <param name="Accepted">Readings in the window state since it (re)started, the held ones included.</param>
/// <param name="Held">Readings from <see cref="ResumeOffset"/> on that rebuild the window (at most T−1).</param>
/// <param name="ResumeOffset">Offset of the oldest reading a future window still needs.</param>
/// <param name="LastOffset">Offset of the sensor's last processed reading; later ones are new.</param>
public sealed record WindowResumePoint(
    string Source,
    int Partition,
    int Channels,
    long Accepted,
    int Held,
    long ResumeOffset,
    long LastOffset);
