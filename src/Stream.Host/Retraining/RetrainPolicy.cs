namespace StreamAE.Host.Retraining;

/// <summary>
/// When a retrained candidate may replace the model in service. Both are scored on the same recent held-out windows
/// (normal data: the export leaves out alert episodes) and on copies of them with one injected spike each. The
/// candidate is published only if
/// (1) it is a valid bundle that fits the service (window length, channels) and scores the held-out windows;
/// (2) its false-alert rate (held-out windows above its threshold) is at most the served model's plus <see cref="FalseAlertMargin"/>;
/// (3) its separation (spiked windows above its threshold minus the false-alert rate) is at least the served model's
///     minus <see cref="SeparationMargin"/>; and
/// (4) its separation is at least <see cref="MinSeparation"/>: a model that cannot tell a spike from normal data is
///     no detector, however poor the served one has become.
/// </summary>
public sealed record RetrainPolicy
{
    public double FalseAlertMargin { get; init; } = 0.01;

    public double SeparationMargin { get; init; } = 0.05;

    public double MinSeparation { get; init; } = 0.5;

    /// <summary>The injected spike, in standard deviations of the held-out readings of its channel.</summary>
    public double Spike { get; init; } = 6;

    /// <summary>The end of each series held out (no look-ahead: the candidate trains on what comes before).</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>At most this many held-out windows (the most recent) are scored.</summary>
    public int MaxHoldoutWindows { get; init; } = 20_000;
}
