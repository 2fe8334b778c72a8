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
}
