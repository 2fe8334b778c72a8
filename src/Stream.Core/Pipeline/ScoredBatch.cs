using StreamAE.Core.Domain;
using StreamAE.Core.Scoring;

namespace StreamAE.Core.Pipeline;

/// <summary>A batch's scores together with the model (and threshold) that produced them.</summary>
public sealed record ScoredBatch(ScoringModel Model, IReadOnlyList<WindowScore> Scores);
