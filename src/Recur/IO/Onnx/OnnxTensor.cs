namespace Recur.IO.Onnx;

/// <summary>A constant tensor (<c>TensorProto</c>), stored row-major as little-endian <c>raw_data</c>.</summary>
internal sealed class OnnxTensor
{
    private OnnxTensor(string name, OnnxElementType type, long[] dims)
    {
        long count = 1;
        foreach (long d in dims)
        {
            if (d < 0) throw new ArgumentException($"Tensor '{name}' has a negative dimension.", nameof(dims));
            count = checked(count * d);
        }
        Name = name;
        Type = type;
        Dims = dims;
        Count = count;
    }

    /// <summary>Value name.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public OnnxElementType Type { get; }

    /// <summary>Shape; empty for a scalar.</summary>
    public long[] Dims { get; }

    /// <summary>Number of elements, the product of <see cref="Dims"/>.</summary>
    public long Count { get; }

    /// <summary>The values of a float tensor.</summary>
    public float[] Floats { get; private init; } = [];

    /// <summary>The values of an int64 tensor.</summary>
    public long[] Int64s { get; private init; } = [];

    /// <summary>The values of an int32 tensor.</summary>
    public int[] Int32s { get; private init; } = [];

    /// <summary>A float tensor.</summary>
    /// <exception cref="ArgumentException">The data length does not match the shape.</exception>
    public static OnnxTensor FromFloats(string name, long[] dims, float[] data) =>
        Checked(new OnnxTensor(name, OnnxElementType.Float, dims) { Floats = data }, data.Length);

    /// <summary>An int64 tensor.</summary>
    /// <exception cref="ArgumentException">The data length does not match the shape.</exception>
    public static OnnxTensor FromInt64s(string name, long[] dims, long[] data) =>
        Checked(new OnnxTensor(name, OnnxElementType.Int64, dims) { Int64s = data }, data.Length);

    /// <summary>An int32 tensor.</summary>
    /// <exception cref="ArgumentException">The data length does not match the shape.</exception>
    public static OnnxTensor FromInt32s(string name, long[] dims, int[] data) =>
        Checked(new OnnxTensor(name, OnnxElementType.Int32, dims) { Int32s = data }, data.Length);

    private static OnnxTensor Checked(OnnxTensor tensor, int length) => tensor.Count == length ? tensor
        : throw new ArgumentException($"Tensor '{tensor.Name}' of shape [{string.Join(", ", tensor.Dims)}] needs {tensor.Count} values, got {length}.");
}
