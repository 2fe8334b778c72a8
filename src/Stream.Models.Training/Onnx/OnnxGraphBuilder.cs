using Google.Protobuf;
using StreamAE.Models.Training.Onnx.Proto;

namespace StreamAE.Models.Training.Onnx;

/// <summary>
/// Writes an ONNX graph node by node: initializers from trained weights, int64 constants, and small helpers for the
/// few composite pieces (linear layers, exact GELU) both networks need. Names are made unique by a running counter.
/// </summary>
internal sealed class OnnxGraphBuilder(string graphName)
{
    public const int Opset = 17;

    /// <summary>IR version 8 is the one that goes with opset 17.</summary>
    public const int IrVersion = 8;

    private readonly GraphProto _graph = new() { Name = graphName };
    private int _counter;

    public string Fresh(string hint) => $"{hint}_{_counter++}";

    /// <summary>A float input/output of shape [batch, dims...] with a symbolic (dynamic) batch axis.</summary>
    public void Input(string name, params long[] dims) => _graph.Input.Add(ValueInfo(name, dims));

    public void Output(string name, params long[] dims) => _graph.Output.Add(ValueInfo(name, dims));

    public string Initializer(string hint, float[] data, params long[] dims)
    {
        var name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        var bytes = new byte[data.Length * sizeof(float)];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        tensor.RawData = ByteString.CopyFrom(bytes); // raw_data is little-endian, as this machine is.
        _graph.Initializer.Add(tensor);
        return name;
    }

    public string Int64s(string hint, params long[] values)
    {
        var name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public string Scalar(string hint, float value)
    {
        var name = Fresh(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.FloatData.Add(value);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string op, string[] inputs, params AttributeProto[] attributes) => Node(op, inputs, 1, attributes)[0];

    public string[] Node(string op, string[] inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Fresh(op) };
        node.Input.AddRange(inputs);
        var names = Enumerable.Range(0, outputs).Select(_ => Fresh(op.ToLowerInvariant())).ToArray();
        node.Output.AddRange(names);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return names;
    }

    /// <summary>Renames the final value to a graph output name via Identity.</summary>
    public void Identity(string input, string output)
    {
        var node = new NodeProto { OpType = "Identity", Name = Fresh("Identity") };
        node.Input.Add(input);
        node.Output.Add(output);
        _graph.Node.Add(node);
    }

    /// <summary>y = x·Wᵀ + b for a weight stored as [out, in] (PyTorch's layout), on inputs of any rank.</summary>
    public string Linear(string x, string hint, float[] weight, float[]? bias, int inFeatures, int outFeatures)
    {
        var transposed = new float[weight.Length];
        for (var o = 0; o < outFeatures; o++)
        {
            for (var i = 0; i < inFeatures; i++)
            {
                transposed[(i * outFeatures) + o] = weight[(o * inFeatures) + i];
            }
        }

        var y = Node("MatMul", [x, Initializer(hint + "_w", transposed, inFeatures, outFeatures)]);
        return bias is null ? y : Node("Add", [y, Initializer(hint + "_b", bias, outFeatures)]);
    }

    /// <summary>Exact GELU, x·½·(1 + erf(x/√2)): the Gelu operator only arrives in opset 20.</summary>
    public string Gelu(string x)
    {
        var scaled = Node("Div", [x, Scalar("sqrt2", MathF.Sqrt(2f))]);
        var erf = Node("Erf", [scaled]);
        var onePlus = Node("Add", [erf, Scalar("one", 1f)]);
        var product = Node("Mul", [x, onePlus]);
        return Node("Mul", [product, Scalar("half", 0.5f)]);
    }

    public string LayerNorm(string x, string hint, float[] scale, float[] bias, float epsilon) =>
        Node("LayerNormalization", [x, Initializer(hint + "_scale", scale, scale.Length), Initializer(hint + "_bias", bias, bias.Length)], Attr.Int("axis", -1), Attr.Float("epsilon", epsilon));

    public ModelProto ToModel(string producerVersion, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "StreamAE",
            ProducerVersion = producerVersion,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    private static ValueInfoProto ValueInfo(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (var d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
