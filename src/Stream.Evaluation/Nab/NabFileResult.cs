using StreamAE.Evaluation.Running;

namespace StreamAE.Evaluation.Nab;

/// <summary>A detector's run on one NAB file and the file's raw score per profile.</summary>
public sealed record NabFileResult(NabSeries Series, SeriesRun Run, IReadOnlyDictionary<string, NabFileScore> Scores);
