using StreamAE.Models.Training.Onnx.Proto;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamAE.Models.Training.Networks;

/// <summary>A window autoencoder: [batch, T, C] in, its reconstruction [batch, T, C] out, exportable to ONNX.</summary>
public abstract class AutoencoderNetwork(string name, AutoencoderHyperParameters hyper) : nn.Module<Tensor, Tensor>(name)
{
    public AutoencoderHyperParameters HyperParameters { get; } = hyper;

    /// <summary>The trained network as an ONNX graph with the same input/output and a dynamic batch axis.</summary>
    internal abstract ModelProto ExportOnnx(string producerVersion);

    public static AutoencoderNetwork Create(AutoencoderHyperParameters hyper)
    {
        hyper.Validate();
        return hyper.Kind switch
        {
            Autoencoders.AutoencoderKinds.Ar => new ArAutoencoder(hyper),
            Autoencoders.AutoencoderKinds.Transformer => new TransformerAutoencoder(hyper),
            _ => throw new ArgumentException($"Unknown autoencoder kind '{hyper.Kind}'."),
        };
    }

    /// <summary>A parameter's values, row-major, on the CPU.</summary>
    internal static float[] Values(Tensor t)
    {
        using var cpu = t.detach().cpu().contiguous();
        return cpu.data<float>().ToArray();
    }
}
