namespace StreamAE.Models.Autoencoders;

/// <summary>
/// The "scored steps" k of an autoencoder score: the mean squared error over the last k steps of the window (the
/// newest readings). 0, absent or k ≥ T all mean the whole window, the original score.
/// </summary>
public static class ScoredSteps
{
    /// <summary>Steps actually scored for window length <paramref name="windowLength"/>: k, or T for "all".</summary>
    public static int Effective(int? scoredSteps, int windowLength)
    {
        Validate(scoredSteps);
        return scoredSteps is null or 0 || scoredSteps >= windowLength ? windowLength : scoredSteps.Value;
    }

    /// <summary>What a manifest records: null for the whole window (so old and new all-steps manifests read the same), else k.</summary>
    public static int? ForManifest(int? scoredSteps, int windowLength)
    {
        var k = Effective(scoredSteps, windowLength);
        return k == windowLength ? null : k;
    }

    public static void Validate(int? scoredSteps)
    {
        if (scoredSteps < 0)
        {
            throw new ArgumentException($"scored steps must be 0 (the whole window) or a number of newest steps from 1 up, is {scoredSteps}.");
        }
    }

    public static string Describe(int? scoredSteps, int windowLength)
    {
        var k = Effective(scoredSteps, windowLength);
        return k == windowLength ? "all steps" : $"last {k} of {windowLength} steps";
    }
}
