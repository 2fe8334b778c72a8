using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Pipeline;

/// <summary>
/// A batch's scores together with the model (and threshold) that produced them. Only the model's descriptor and
/// threshold are used after scoring: the scorer itself may already be disposed by a swap.
/// </summary>
public sealed record ScoredBatch(ScoringModel Model, IReadOnlyList<WindowScore> Scores);
