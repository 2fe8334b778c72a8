using StreamAE.Models.Training.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamAE.Models.Training.Networks;

/// <summary>Position-wise feed-forward: Linear(d_model → d_ff), exact GELU, Linear(d_ff → d_model).</summary>
internal sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear inner;
    private readonly Linear outer;
    private readonly int _dModel;
    private readonly int _dFf;

    public FeedForward(string name, int dModel, int dFf)
        : base(name)
    {
        (_dModel, _dFf) = (dModel, dFf);
        inner = nn.Linear(dModel, dFf);
        outer = nn.Linear(dFf, dModel);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return outer.call(nn.functional.gelu(inner.call(x))).MoveToOuterDisposeScope();
    }

    public string Export(OnnxGraphBuilder g, string hint, string x)
    {
        var v = AutoencoderNetwork.Values;
        var hidden = g.Gelu(g.Linear(x, hint + "_inner", v(inner.weight!), v(inner.bias!), _dModel, _dFf));
        return g.Linear(hidden, hint + "_outer", v(outer.weight!), v(outer.bias!), _dFf, _dModel);
    }
}
