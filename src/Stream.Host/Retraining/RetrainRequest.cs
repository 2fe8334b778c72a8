using StreamAE.Models.Autoencoders;

namespace StreamAE.Host.Retraining;

/// <summary>What <c>streamae retrain</c> was asked to do.</summary>
/// <param name="Data">Training data (a CSV file or a directory of them, e.g. from <c>export</c>).</param>
/// <param name="Models">The watched model directory: bundles and the <c>current</c> pointer, and the decision log.</param>
/// <param name="Holdout">Recent data to judge both models on; null = the end of each series of <paramref name="Data"/>.</param>
/// <param name="Candidate">A bundle to judge instead of training one.</param>
/// <param name="WindowLength">Window length when no model is in service yet (otherwise the served model's).</param>
public sealed record RetrainRequest(
    string Data,
    string Models,
    string? Holdout,
    string? Candidate,
    string Who,
    RetrainPolicy Policy,
    int WindowLength = 32,
    OnnxScorerOptions? Onnx = null,
    int SmokeWindows = 32);
