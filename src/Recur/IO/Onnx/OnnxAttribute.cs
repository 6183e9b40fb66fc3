namespace Recur.IO.Onnx;

/// <summary>A node attribute (<c>AttributeProto</c>); exactly one value field is set, as <see cref="Type"/> says.</summary>
internal sealed class OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeType type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>Attribute name.</summary>
    public string Name { get; }

    /// <summary>Which value field is set.</summary>
    public OnnxAttributeType Type { get; }

    /// <summary>The value of an <see cref="OnnxAttributeType.Int"/> attribute.</summary>
    public long IntValue { get; private init; }

    /// <summary>The value of a <see cref="OnnxAttributeType.Float"/> attribute.</summary>
    public float FloatValue { get; private init; }

    /// <summary>The value of a <see cref="OnnxAttributeType.String"/> attribute.</summary>
    public string StringValue { get; private init; } = "";

    /// <summary>The values of an <see cref="OnnxAttributeType.Ints"/> attribute.</summary>
    public long[] IntValues { get; private init; } = [];

    /// <summary>The values of a <see cref="OnnxAttributeType.Strings"/> attribute.</summary>
    public string[] StringValues { get; private init; } = [];

    /// <summary>The value of a <see cref="OnnxAttributeType.Graph"/> attribute.</summary>
    public OnnxGraph? GraphValue { get; private init; }

    /// <summary>An int64 attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeType.Int) { IntValue = value };

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeType.Float) { FloatValue = value };

    /// <summary>A string attribute.</summary>
    public static OnnxAttribute String(string name, string value) => new(name, OnnxAttributeType.String) { StringValue = value };

    /// <summary>A list of int64s.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, OnnxAttributeType.Ints) { IntValues = values };

    /// <summary>A list of strings.</summary>
    public static OnnxAttribute Strings(string name, params string[] values) => new(name, OnnxAttributeType.Strings) { StringValues = values };

    /// <summary>A subgraph (the body of <c>Scan</c>).</summary>
    public static OnnxAttribute Graph(string name, OnnxGraph value) => new(name, OnnxAttributeType.Graph) { GraphValue = value };
}
