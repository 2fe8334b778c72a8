using StreamAE.Models.Training.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamAE.Models.Training.Networks;

/// <summary>Post-norm encoder block: x = LN(x + SelfAttention(x)); x = LN(x + FFN(x)).</summary>
internal sealed class EncoderBlock : nn.Module<Tensor, Tensor>
{
    private readonly MultiHeadAttention attention;
    private readonly LayerNorm norm1;
    private readonly FeedForward feedForward;
    private readonly LayerNorm norm2;
    private readonly Dropout dropout;

    public EncoderBlock(string name, AutoencoderHyperParameters hyper)
        : base(name)
    {
        attention = new MultiHeadAttention("attention", hyper.DModel, hyper.Heads);
        norm1 = nn.LayerNorm(hyper.DModel);
        feedForward = new FeedForward("feed_forward", hyper.DModel, hyper.FeedForward);
        norm2 = nn.LayerNorm(hyper.DModel);
        dropout = nn.Dropout(hyper.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = norm1.call(x + dropout.call(attention.call(x, x)));
        return norm2.call(h + dropout.call(feedForward.call(h))).MoveToOuterDisposeScope();
    }

    public string Export(OnnxGraphBuilder g, string hint, string x, int length)
    {
        var h = Norm(g, hint + "_norm1", norm1, g.Node("Add", [x, attention.Export(g, hint + "_attn", x, length, x, length)]));
        return Norm(g, hint + "_norm2", norm2, g.Node("Add", [h, feedForward.Export(g, hint + "_ffn", h)]));
    }

    internal static string Norm(OnnxGraphBuilder g, string hint, LayerNorm norm, string x) =>
        g.LayerNorm(x, hint, AutoencoderNetwork.Values(norm.weight!), AutoencoderNetwork.Values(norm.bias!), 1e-5f);
}

/// <summary>
/// Post-norm decoder block: self-attention over the decoder positions, attention to the latent memory, feed-forward,
/// each with residual + LayerNorm.
/// </summary>
internal sealed class DecoderBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly MultiHeadAttention selfAttention;
    private readonly LayerNorm norm1;
    private readonly MultiHeadAttention crossAttention;
    private readonly LayerNorm norm2;
    private readonly FeedForward feedForward;
    private readonly LayerNorm norm3;
    private readonly Dropout dropout;

    public DecoderBlock(string name, AutoencoderHyperParameters hyper)
        : base(name)
    {
        selfAttention = new MultiHeadAttention("self_attention", hyper.DModel, hyper.Heads);
        norm1 = nn.LayerNorm(hyper.DModel);
        crossAttention = new MultiHeadAttention("cross_attention", hyper.DModel, hyper.Heads);
        norm2 = nn.LayerNorm(hyper.DModel);
        feedForward = new FeedForward("feed_forward", hyper.DModel, hyper.FeedForward);
        norm3 = nn.LayerNorm(hyper.DModel);
        dropout = nn.Dropout(hyper.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor memory)
    {
        using var scope = NewDisposeScope();
        var h = norm1.call(x + dropout.call(selfAttention.call(x, x)));
        h = norm2.call(h + dropout.call(crossAttention.call(h, memory)));
        return norm3.call(h + dropout.call(feedForward.call(h))).MoveToOuterDisposeScope();
    }

    public string Export(OnnxGraphBuilder g, string hint, string x, int length, string memory, int memoryLength)
    {
        var h = EncoderBlock.Norm(g, hint + "_norm1", norm1, g.Node("Add", [x, selfAttention.Export(g, hint + "_self", x, length, x, length)]));
        h = EncoderBlock.Norm(g, hint + "_norm2", norm2, g.Node("Add", [h, crossAttention.Export(g, hint + "_cross", h, length, memory, memoryLength)]));
        return EncoderBlock.Norm(g, hint + "_norm3", norm3, g.Node("Add", [h, feedForward.Export(g, hint + "_ffn", h)]));
    }
}
