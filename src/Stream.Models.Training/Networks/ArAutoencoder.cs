using StreamAE.Models.Training.Onnx;
using StreamAE.Models.Training.Onnx.Proto;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamAE.Models.Training.Networks;

/// <summary>
/// AR autoencoder: a GRU encoder reads the window, its last hidden state goes through a linear bottleneck to a small
/// latent vector; a GRU decoder, started from the latent, reconstructs step t from the latent and the window's value
/// at t − 1 (zero at t = 0). Training uses teacher forcing; scoring also feeds the true previous values (not the
/// decoder's own predictions), so an anomaly shows as one-step errors the latent cannot explain, and the whole window
/// is reconstructed in one pass (one ONNX GRU call) instead of T sequential steps.
/// </summary>
public sealed class ArAutoencoder : AutoencoderNetwork
{
    private readonly GRU encoder;
    private readonly Linear toLatent;
    private readonly Linear latentToHidden;
    private readonly GRU decoder;
    private readonly Linear output;

    public ArAutoencoder(AutoencoderHyperParameters hyper)
        : base(nameof(ArAutoencoder), hyper)
    {
        var (c, h, l) = (hyper.Channels, hyper.Hidden, hyper.Latent);
        encoder = nn.GRU(c, h, batchFirst: true);
        toLatent = nn.Linear(h, l);
        latentToHidden = nn.Linear(l, h);
        decoder = nn.GRU(c + l, h, batchFirst: true);
        output = nn.Linear(h, c);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (batch, steps) = (input.shape[0], input.shape[1]);
        var (_, last) = encoder.call(input, null);
        var latent = toLatent.call(last.squeeze(0));
        var start = tanh(latentToHidden.call(latent)).unsqueeze(0);
        var previous = nn.functional.pad(input.narrow(1, 0, steps - 1), [0, 0, 1, 0]);
        var repeated = latent.unsqueeze(1).expand(batch, steps, HyperParameters.Latent);
        var (states, _) = decoder.call(cat([previous, repeated], 2), start);
        return output.call(states).MoveToOuterDisposeScope();
    }

    internal override ModelProto ExportOnnx(string producerVersion)
    {
        var (t, c, h, l) = (HyperParameters.WindowLength, HyperParameters.Channels, HyperParameters.Hidden, HyperParameters.Latent);
        var g = new OnnxGraphBuilder("ar_autoencoder");
        g.Input("window", t, c);

        // ONNX Runtime's CPU GRU only takes [T, batch, features] (layout 0), so transpose around it.
        var timeMajor = g.Node("Transpose", ["window"], Attr.Ints("perm", 1, 0, 2));
        var encoded = Gru(g, "encoder", encoder, timeMajor, null, c, h);
        var last = g.Node("Squeeze", [encoded[1], g.Int64s("axis0", 0)]);
        var latent = g.Linear(last, "to_latent", Values(toLatent.weight!), Values(toLatent.bias!), h, l);
        var start = g.Node("Tanh", [g.Linear(latent, "latent_to_hidden", Values(latentToHidden.weight!), Values(latentToHidden.bias!), l, h)]);
        var startState = g.Node("Unsqueeze", [start, g.Int64s("axis0", 0)]);

        // Previous true values: x[t − 1], zero at t = 0.
        var head = g.Node("Slice", [timeMajor, g.Int64s("starts", 0), g.Int64s("ends", t - 1), g.Int64s("axes", 0)]);
        var previous = g.Node("Pad", [head, g.Int64s("pads", 1, 0, 0, 0, 0, 0)]);
        var batch = g.Node("Shape", ["window"], Attr.Int("start", 0), Attr.Int("end", 1));
        var repeatShape = g.Node("Concat", [g.Int64s("steps", t), batch, g.Int64s("latent", l)], Attr.Int("axis", 0));
        var repeated = g.Node("Expand", [g.Node("Unsqueeze", [latent, g.Int64s("axis0", 0)]), repeatShape]);
        var decoderInput = g.Node("Concat", [previous, repeated], Attr.Int("axis", 2));
        var decoded = Gru(g, "decoder", decoder, decoderInput, startState, c + l, h);
        var states = g.Node("Squeeze", [decoded[0], g.Int64s("axis1", 1)]);
        var batchMajor = g.Node("Transpose", [states], Attr.Ints("perm", 1, 0, 2));
        var reconstruction = g.Linear(batchMajor, "output", Values(output.weight!), Values(output.bias!), h, c);
        g.Identity(reconstruction, "reconstruction");
        g.Output("reconstruction", t, c);
        return g.ToModel(producerVersion);
    }

    /// <summary>
    /// A one-layer GRU node. PyTorch stacks gates (r, z, n); ONNX wants (z, r, h). PyTorch applies the reset gate after
    /// the recurrent product, which is ONNX's linear_before_reset = 1.
    /// </summary>
    private static string[] Gru(OnnxGraphBuilder g, string hint, GRU gru, string input, string? initialState, int inputSize, int hidden)
    {
        var parameters = gru.named_parameters().ToDictionary(p => p.name, p => Values(p.parameter));
        var w = ReorderGates(parameters["weight_ih_l0"], hidden, inputSize);
        var r = ReorderGates(parameters["weight_hh_l0"], hidden, hidden);
        var b = ReorderGates(parameters["bias_ih_l0"], hidden, 1).Concat(ReorderGates(parameters["bias_hh_l0"], hidden, 1)).ToArray();
        string[] inputs =
        [
            input,
            g.Initializer(hint + "_W", w, 1, 3 * hidden, inputSize),
            g.Initializer(hint + "_R", r, 1, 3 * hidden, hidden),
            g.Initializer(hint + "_B", b, 1, 6 * hidden),
            string.Empty, // sequence_lens: every window is full length
            initialState ?? string.Empty,
        ];
        return g.Node("GRU", initialState is null ? inputs[..4] : inputs, 2, Attr.Int("hidden_size", hidden), Attr.Int("linear_before_reset", 1));
    }

    private static float[] ReorderGates(float[] rzn, int hidden, int width)
    {
        var block = hidden * width;
        var zrn = new float[rzn.Length];
        Array.Copy(rzn, block, zrn, 0, block); // z
        Array.Copy(rzn, 0, zrn, block, block); // r
        Array.Copy(rzn, 2 * block, zrn, 2 * block, block); // n
        return zrn;
    }
}
