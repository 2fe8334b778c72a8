using System.ComponentModel.DataAnnotations;

namespace StreamAE.Core.Alerts;

public sealed class EpisodeOptions
{
    /// <summary>Consecutive normal windows that close an open episode (the cool-down).</summary>
    [Range(1, 100_000, ErrorMessage = "Episodes:CooldownWindows must be between {1} and {2}.")]
    public int CooldownWindows { get; set; } = 16;

    /// <summary>How many contributing channels an alert names.</summary>
    [Range(1, 64, ErrorMessage = "Episodes:TopChannels must be between {1} and {2}.")]
    public int TopChannels { get; set; } = 3;
}
