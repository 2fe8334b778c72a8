using StreamAE.Models.Training.Onnx;
using StreamAE.Models.Training.Onnx.Proto;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamAE.Models.Training.Networks;

/// <summary>
/// Transformer autoencoder: input projection + sinusoidal positions → N encoder blocks → mean over time → a small
/// latent vector (the bottleneck: Latent ≪ T·C, so the network cannot copy its input) → expanded into a few memory
/// tokens → N decoder blocks whose queries are learned per-position vectors (+ positions) that attend to themselves and
/// to the memory → output projection back to C channels.
/// </summary>
public sealed class TransformerAutoencoder : AutoencoderNetwork
{
    private readonly Linear inputProjection;
    private readonly ModuleList<EncoderBlock> encoderBlocks;
    private readonly Linear toLatent;
    private readonly Linear toMemory;
    private readonly Parameter queries;
    private readonly ModuleList<DecoderBlock> decoderBlocks;
    private readonly Linear outputProjection;
    private readonly float[] _positions;

    public TransformerAutoencoder(AutoencoderHyperParameters hyper)
        : base(nameof(TransformerAutoencoder), hyper)
    {
        var (t, c, d) = (hyper.WindowLength, hyper.Channels, hyper.DModel);
        _positions = SinusoidalPositions.Table(t, d);
        inputProjection = nn.Linear(c, d);
        encoderBlocks = nn.ModuleList(Enumerable.Range(0, hyper.Layers).Select(i => new EncoderBlock($"encoder{i}", hyper)).ToArray());
        toLatent = nn.Linear(d, hyper.Latent);
        toMemory = nn.Linear(hyper.Latent, hyper.MemoryTokens * d);
        queries = nn.Parameter(randn(t, d) * 0.02);
        decoderBlocks = nn.ModuleList(Enumerable.Range(0, hyper.Layers).Select(i => new DecoderBlock($"decoder{i}", hyper)).ToArray());
        outputProjection = nn.Linear(d, c);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (t, d) = (HyperParameters.WindowLength, HyperParameters.DModel);
        var batch = input.shape[0];
        var positions = tensor(_positions, [t, d], device: input.device);
        var h = inputProjection.call(input) + positions;
        foreach (var block in encoderBlocks)
        {
            h = block.call(h);
        }

        var latent = toLatent.call(h.mean([1]));
        var memory = toMemory.call(latent).reshape(batch, HyperParameters.MemoryTokens, d);
        var x = (queries + positions).unsqueeze(0).expand(batch, t, d);
        foreach (var block in decoderBlocks)
        {
            x = block.call(x, memory);
        }

        return outputProjection.call(x).MoveToOuterDisposeScope();
    }

    internal override ModelProto ExportOnnx(string producerVersion)
    {
        var (t, c, d, l, m) = (HyperParameters.WindowLength, HyperParameters.Channels, HyperParameters.DModel, HyperParameters.Latent, HyperParameters.MemoryTokens);
        var g = new OnnxGraphBuilder("transformer_autoencoder");
        g.Input("window", t, c);

        var projected = g.Linear("window", "input", Values(inputProjection.weight!), null, c, d);
        var biasAndPositions = Values(inputProjection.bias!);
        var inputBias = new float[t * d];
        for (var i = 0; i < inputBias.Length; i++)
        {
            inputBias[i] = biasAndPositions[i % d] + _positions[i];
        }

        var h = g.Node("Add", [projected, g.Initializer("input_bias_positions", inputBias, t, d)]);
        var index = 0;
        foreach (var block in encoderBlocks)
        {
            h = block.Export(g, $"enc{index++}", h, t);
        }

        var pooled = g.Node("ReduceMean", [h], Attr.Ints("axes", 1), Attr.Int("keepdims", 0));
        var latent = g.Linear(pooled, "to_latent", Values(toLatent.weight!), Values(toLatent.bias!), d, l);
        var memoryFlat = g.Linear(latent, "to_memory", Values(toMemory.weight!), Values(toMemory.bias!), l, m * d);
        var memory = g.Node("Reshape", [memoryFlat, g.Int64s("shape", -1, m, d)]);

        var learned = Values(queries);
        for (var i = 0; i < learned.Length; i++)
        {
            learned[i] += _positions[i];
        }

        var batch = g.Node("Shape", ["window"], Attr.Int("start", 0), Attr.Int("end", 1));
        var shape = g.Node("Concat", [batch, g.Int64s("steps_dmodel", t, d)], Attr.Int("axis", 0));
        var x = g.Node("Expand", [g.Initializer("queries", learned, 1, t, d), shape]);
        index = 0;
        foreach (var block in decoderBlocks)
        {
            x = block.Export(g, $"dec{index++}", x, t, memory, m);
        }

        var reconstruction = g.Linear(x, "output", Values(outputProjection.weight!), Values(outputProjection.bias!), d, c);
        g.Identity(reconstruction, "reconstruction");
        g.Output("reconstruction", t, c);
        return g.ToModel(producerVersion);
    }
}
