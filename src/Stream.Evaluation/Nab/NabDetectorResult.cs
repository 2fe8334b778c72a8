namespace StreamAE.Evaluation.Nab;

/// <summary>A detector's NAB results: per profile, per category (standard profile) and per file.</summary>
public sealed record NabDetectorResult(
    string Detector,
    IReadOnlyList<NabProfileResult> Profiles,
    IReadOnlyDictionary<string, double> StandardByCategory,
    IReadOnlyList<NabFileResult> Files,
    TimeSpan Elapsed)
{
    public NabProfileResult Profile(NabProfile profile) => Profiles.Single(p => p.Profile == profile.Name);
}
