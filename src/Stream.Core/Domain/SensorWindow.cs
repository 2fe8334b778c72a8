namespace StreamAE.Core.Domain;

/// <summary>
/// T consecutive readings of one sensor, raw (not normalised), stored row-major: <c>Values[t * Channels + c]</c>.
/// </summary>
public sealed record SensorWindow(
    string SensorId,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Length,
    int Channels,
    float[] Values)
{
    /// <summary>Per-sensor running number of this window since the sensor's window state was (re)started.</summary>
    public long Sequence { get; init; }

    /// <summary>Position of the first and last reading in the window, when the source has positions.</summary>
    public SourcePosition? FirstPosition { get; init; }

    public SourcePosition? LastPosition { get; init; }

    public float this[int t, int c] => Values[(t * Channels) + c];
}
