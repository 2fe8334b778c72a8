using System.Text.Json.Nodes;
using StreamAE.Models.Thresholds;

namespace StreamAE.Models.Bundles;

/// <summary>
/// manifest.json of a model bundle: everything needed to score with the model and to judge where it came from.
/// <see cref="Parameters"/> holds the kind-specific part (AR coefficients, network hyper-parameters).
/// </summary>
public sealed record ModelManifest
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>"arp" (AR(p) baseline), "ar-autoencoder", "transformer-autoencoder".</summary>
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Version { get; init; }

    public required int WindowLength { get; init; }

    public int Hop { get; init; } = 1;

    public required IReadOnlyList<string> Channels { get; init; }

    public required NormalizationInfo Normalization { get; init; }

    public required ThresholdInfo Threshold { get; init; }

    public JsonObject Parameters { get; init; } = [];

    /// <summary>
    /// Autoencoders: the score averages the last k window steps; absent (older bundles) = all steps. The thresholds
    /// were calibrated with this k, so the scorer always takes it from here.
    /// </summary>
    public int? ScoredSteps { get; init; }

    public required TrainingInfo Training { get; init; }
}

public sealed record NormalizationInfo(float[] Mean, float[] Std);

public sealed record ThresholdInfo(double Overall, double[]? PerChannel, string Method);

public sealed record TrainingInfo
{
    public required string DataFingerprint { get; init; }

    public string? DataSource { get; init; }

    public int Rows { get; init; }

    public int Windows { get; init; }

    public int? Seed { get; init; }

    public int? Epochs { get; init; }

    public double? FinalTrainLoss { get; init; }

    public double? FinalValidationLoss { get; init; }

    public ScoreDistribution? ValidationScores { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string TrainerVersion { get; init; }
}
