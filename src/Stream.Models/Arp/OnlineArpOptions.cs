namespace StreamAE.Models.Arp;

/// <summary>Settings of <see cref="OnlineArpScorer"/> (section <c>Model:OnlineArp</c> in the service).</summary>
public sealed class OnlineArpOptions
{
    /// <summary>Score AR(p) bundles with the online (recursive least squares) scorer instead of the fixed coefficients.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// RLS forgetting factor λ: past readings weigh λ^age, an effective memory of 1/(1 − λ) readings (0.999: about a
    /// thousand). Closer to 1 adapts more slowly.
    /// </summary>
    public double Forgetting { get; set; } = 0.999;

    /// <summary>Residuals larger than this many running standard deviations update the model as if they were this large (Huber-style), so one wild reading cannot wreck it.</summary>
    public double ClipSigmas { get; set; } = 4;

    public IEnumerable<string> Problems(string prefix)
    {
        if (!(Forgetting > 0.9 && Forgetting <= 1))
        {
            yield return $"{prefix}:Forgetting must be in (0.9, 1], is {Forgetting}.";
        }

        if (!(ClipSigmas >= 1 && ClipSigmas <= 1000))
        {
            yield return $"{prefix}:ClipSigmas must be between 1 and 1000, is {ClipSigmas}.";
        }
    }
}
