namespace StreamAE.Host.Retraining;

/// <summary>One line of the decision log beside the bundles: who retrained when, on what, both models' figures, and the outcome.</summary>
public sealed record RetrainDecision
{
    public required DateTimeOffset At { get; init; }

    public required string Who { get; init; }

    /// <summary>"published" or "refused".</summary>
    public required string Decision { get; init; }

    public required IReadOnlyList<string> Reasons { get; init; }

    public required string Data { get; init; }

    public required string Holdout { get; init; }

    public required int HoldoutSensors { get; init; }

    public GateFigures? Candidate { get; init; }

    public GateFigures? InService { get; init; }

    /// <summary>The bundle directory <c>current</c> names after the decision.</summary>
    public required string Current { get; init; }

    public required RetrainPolicy Policy { get; init; }
}
