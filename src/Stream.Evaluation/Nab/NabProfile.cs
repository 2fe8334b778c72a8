namespace StreamAE.Evaluation.Nab;

/// <summary>NAB's application profile: the reward for a true positive and the costs of a false positive and a miss.</summary>
public sealed record NabProfile(string Name, double TruePositiveWeight, double FalsePositiveWeight, double FalseNegativeWeight)
{
    public static readonly NabProfile Standard = new("standard", 1.0, 0.11, 1.0);

    public static readonly NabProfile RewardLowFalsePositives = new("reward_low_FP_rate", 1.0, 0.22, 1.0);

    public static readonly NabProfile RewardLowFalseNegatives = new("reward_low_FN_rate", 1.0, 0.11, 2.0);

    public static IReadOnlyList<NabProfile> All { get; } = [Standard, RewardLowFalsePositives, RewardLowFalseNegatives];
}
