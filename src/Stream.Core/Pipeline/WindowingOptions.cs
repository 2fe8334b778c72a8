using System.ComponentModel.DataAnnotations;

namespace StreamAE.Core.Pipeline;

/// <summary>How readings become windows: count-based sliding windows of <see cref="WindowLength"/> readings every <see cref="Hop"/> readings.</summary>
public sealed class WindowingOptions
{
    /// <summary>Readings per window (T). Must match the model's window length.</summary>
    [Range(2, 4096, ErrorMessage = "Pipeline:WindowLength must be between {1} and {2}.")]
    public int WindowLength { get; set; } = 32;

    /// <summary>Readings between the ends of two consecutive windows (H).</summary>
    [Range(1, 4096, ErrorMessage = "Pipeline:Hop must be between {1} and {2}.")]
    public int Hop { get; set; } = 1;

    /// <summary>A time gap between two readings of a sensor larger than this restarts that sensor's window. Null: never.</summary>
    public TimeSpan? MaxGap { get; set; }
}
