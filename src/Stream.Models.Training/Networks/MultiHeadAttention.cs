using StreamAE.Models.Training.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace StreamAE.Models.Training.Networks;

/// <summary>
/// Multi-head scaled dot-product attention, written out so that the ONNX export is the same arithmetic:
/// per head softmax(Q·Kᵀ/√d_k)·V, heads concatenated and projected by W^O.
/// </summary>
internal sealed class MultiHeadAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly Linear projection;
    private readonly int _heads;
    private readonly int _dModel;

    public MultiHeadAttention(string name, int dModel, int heads)
        : base(name)
    {
        (_dModel, _heads) = (dModel, heads);
        query = nn.Linear(dModel, dModel);
        key = nn.Linear(dModel, dModel);
        value = nn.Linear(dModel, dModel);
        projection = nn.Linear(dModel, dModel);
        RegisterComponents();
    }

    private int HeadSize => _dModel / _heads;

    /// <summary>Attends from <paramref name="from"/> [B, Tq, D] to <paramref name="to"/> [B, Tk, D].</summary>
    public override Tensor forward(Tensor from, Tensor to)
    {
        using var scope = NewDisposeScope();
        var batch = from.shape[0];
        var q = Split(query.call(from), batch);
        var k = Split(key.call(to), batch);
        var v = Split(value.call(to), batch);
        var weights = nn.functional.softmax(q.matmul(k.transpose(2, 3)) / MathF.Sqrt(HeadSize), -1);
        var heads = weights.matmul(v).transpose(1, 2).reshape(batch, from.shape[1], _dModel);
        return projection.call(heads).MoveToOuterDisposeScope();
    }

    public string Export(OnnxGraphBuilder g, string hint, string from, int fromLength, string to, int toLength)
    {
        var v = AutoencoderNetwork.Values;
        var q = g.Linear(from, hint + "_q", v(query.weight!), v(query.bias!), _dModel, _dModel);
        var k = g.Linear(to, hint + "_k", v(key.weight!), v(key.bias!), _dModel, _dModel);
        var val = g.Linear(to, hint + "_v", v(value.weight!), v(value.bias!), _dModel, _dModel);
        var qh = g.Node("Transpose", [g.Node("Reshape", [q, g.Int64s("shape", -1, fromLength, _heads, HeadSize)])], Attr.Ints("perm", 0, 2, 1, 3));
        var khT = g.Node("Transpose", [g.Node("Reshape", [k, g.Int64s("shape", -1, toLength, _heads, HeadSize)])], Attr.Ints("perm", 0, 2, 3, 1));
        var vh = g.Node("Transpose", [g.Node("Reshape", [val, g.Int64s("shape", -1, toLength, _heads, HeadSize)])], Attr.Ints("perm", 0, 2, 1, 3));
        var scores = g.Node("Div", [g.Node("MatMul", [qh, khT]), g.Scalar("sqrt_dk", MathF.Sqrt(HeadSize))]);
        var weights = g.Node("Softmax", [scores], Attr.Int("axis", -1));
        var heads = g.Node("Transpose", [g.Node("MatMul", [weights, vh])], Attr.Ints("perm", 0, 2, 1, 3));
        var concatenated = g.Node("Reshape", [heads, g.Int64s("shape", -1, fromLength, _dModel)]);
        return g.Linear(concatenated, hint + "_o", v(projection.weight!), v(projection.bias!), _dModel, _dModel);
    }

    private Tensor Split(Tensor x, long batch) => x.reshape(batch, x.shape[1], _heads, HeadSize).transpose(1, 2);
}
