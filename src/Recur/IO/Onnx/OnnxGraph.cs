using System.Globalization;

namespace Recur.IO.Onnx;

/// <summary>
/// An ONNX graph under construction (<c>GraphProto</c>): nodes in topological order, constant initializers, and the
/// declared inputs and outputs. Value and node names are unique across the whole model, subgraphs included, because a
/// subgraph (a <c>Scan</c> body) may read values of the graph that contains it.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly OnnxGraph? _parent;
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>Creates an empty graph; a subgraph names its values through <paramref name="parent"/>.</summary>
    public OnnxGraph(string name, OnnxGraph? parent = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _parent = parent;
    }

    /// <summary>The graph name.</summary>
    public string Name { get; }

    /// <summary>Nodes, each after the nodes that produce its inputs.</summary>
    public List<OnnxNode> Nodes { get; } = [];

    /// <summary>Constant tensors (weights, shapes, axes).</summary>
    public List<OnnxTensor> Initializers { get; } = [];

    /// <summary>Declared inputs. An input that is also an initializer is optional: the initializer is its default (IR ≥ 4).</summary>
    public List<OnnxValueInfo> Inputs { get; } = [];

    /// <summary>Declared outputs.</summary>
    public List<OnnxValueInfo> Outputs { get; } = [];

    /// <summary>A name not used before in the model: <paramref name="hint"/> and a number.</summary>
    public string UniqueName(string hint)
    {
        if (_parent is not null) return _parent.UniqueName(hint);
        return string.Create(CultureInfo.InvariantCulture, $"{hint}_{_counter++}");
    }

    /// <summary>Declares an input.</summary>
    public void AddInput(string name, OnnxElementType type, params OnnxDimension[] shape) => Inputs.Add(new OnnxValueInfo(name, type, shape));

    /// <summary>Declares an output.</summary>
    public void AddOutput(string name, OnnxElementType type, params OnnxDimension[] shape) => Outputs.Add(new OnnxValueInfo(name, type, shape));

    /// <summary>Adds a float initializer named <paramref name="name"/> exactly (e.g. a weight, or an input's default).</summary>
    public string AddFloats(string name, long[] dims, float[] data)
    {
        Initializers.Add(OnnxTensor.FromFloats(name, dims, data));
        return name;
    }

    /// <summary>A 1-D int64 constant, shared by every use of the same values.</summary>
    public string Int64s(params long[] values) => Constant("i64:" + string.Join(',', values),
        name => OnnxTensor.FromInt64s(name, [values.Length], values));

    /// <summary>A scalar int64 constant.</summary>
    public string Int64Scalar(long value) => Constant(string.Create(CultureInfo.InvariantCulture, $"i64s:{value}"),
        name => OnnxTensor.FromInt64s(name, [], [value]));

    /// <summary>A scalar int32 constant.</summary>
    public string Int32Scalar(int value) => Constant(string.Create(CultureInfo.InvariantCulture, $"i32s:{value}"),
        name => OnnxTensor.FromInt32s(name, [], [value]));

    /// <summary>A scalar float constant.</summary>
    public string FloatScalar(float value) => Constant(string.Create(CultureInfo.InvariantCulture, $"f32s:{BitConverter.SingleToInt32Bits(value)}"),
        name => OnnxTensor.FromFloats(name, [], [value]));

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    /// <param name="opType">Operator.</param>
    /// <param name="inputs">Input names ("" for an omitted optional input).</param>
    /// <param name="attributes">Attributes, or null.</param>
    /// <param name="output">The output name, or null for a fresh one.</param>
    public string Add(string opType, string[] inputs, OnnxAttribute[]? attributes = null, string? output = null) =>
        Add(opType, inputs, [output ?? UniqueName(opType.ToLowerInvariant())], attributes)[0];

    /// <summary>Adds a node with the given outputs ("" for an output not needed) and returns them.</summary>
    public string[] Add(string opType, string[] inputs, string[] outputs, OnnxAttribute[]? attributes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        Nodes.Add(new OnnxNode(opType, inputs, outputs, UniqueName("n_" + opType), attributes ?? []));
        return outputs;
    }

    private string Constant(string key, Func<string, OnnxTensor> create)
    {
        if (_constants.TryGetValue(key, out var existing)) return existing;
        string name = UniqueName("const");
        Initializers.Add(create(name));
        _constants.Add(key, name);
        return name;
    }
}
