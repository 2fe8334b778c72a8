namespace StreamAE.Models.Autoencoders;

/// <summary>
/// ONNX Runtime session settings (configuration section "Model:Onnx"). One intra-op thread by default: the pipeline
/// already batches, and the host shares its cores with the source and sinks.
/// </summary>
public sealed class OnnxScorerOptions
{
    public int IntraOpThreads { get; set; } = 1;

    public int InterOpThreads { get; set; } = 1;

    /// <summary>None, Basic, Extended or All (ONNX Runtime's GraphOptimizationLevel without the ORT_ prefix).</summary>
    public string GraphOptimization { get; set; } = "All";

    /// <summary>
    /// How many of the newest window steps the score averages over (0 or ≥ T: all steps). Leave unset in the host:
    /// a bundle's threshold was calibrated with its manifest's <c>scoredSteps</c>, so a bundle is always scored with
    /// that value, and a setting here that differs is refused (see <see cref="AutoencoderBundle.CreateScorer"/>).
    /// </summary>
    public int? ScoredSteps { get; set; }

    /// <summary>A copy with every session setting kept and <see cref="ScoredSteps"/> replaced (the bundle's k).</summary>
    public OnnxScorerOptions WithScoredSteps(int? scoredSteps)
    {
        var copy = (OnnxScorerOptions)MemberwiseClone();
        copy.ScoredSteps = scoredSteps;
        return copy;
    }
}
