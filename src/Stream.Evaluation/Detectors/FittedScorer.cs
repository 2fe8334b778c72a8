using StreamAE.Core.Scoring;
using StreamAE.Models.Data;

namespace StreamAE.Evaluation.Detectors;

/// <summary>A fitted scorer and the training rows (held out from the fit where the detector has parameters) whose scores set its threshold.</summary>
public sealed record FittedScorer(IWindowScorer Scorer, IReadOnlyList<TrainingSeries> Calibration);
