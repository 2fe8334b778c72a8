using StreamAE.Evaluation.Nab;

namespace StreamAE.Evaluation.Reports;

public sealed record NabSummary(
    string Detector,
    IReadOnlyList<NabProfileResult> Profiles,
    IReadOnlyDictionary<string, double> StandardByCategory,
    IReadOnlyList<NabFileSummary> Files,
    double Seconds)
{
    public static NabSummary From(string name, NabDetectorResult result) => new(
        name,
        result.Profiles,
        result.StandardByCategory,
        result.Files.Select(f => new NabFileSummary(
            f.Series.Key,
            f.Series.Rows,
            f.Series.Windows.Count,
            f.Scores[NabProfile.Standard.Name].DetectedWindows,
            f.Scores[NabProfile.Standard.Name].FalsePositives,
            f.Scores[NabProfile.Standard.Name].Score,
            f.Run.Threshold)).ToArray(),
        result.Elapsed.TotalSeconds);

    public NabProfileResult Profile(NabProfile profile) => Profiles.Single(p => p.Profile == profile.Name);
}
