namespace Recur.IO;

/// <summary>One tensor described by a safetensors header, after <see cref="SafetensorsReader"/> has checked it.</summary>
/// <param name="Name">Its name, e.g. <c>rnn.weight_ih_l0</c>.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Row-major dimensions, each ≥ 0; empty for a scalar.</param>
/// <param name="Begin">First byte of its data, relative to the start of the data section.</param>
/// <param name="End">One past its last byte, relative to the start of the data section.</param>
public sealed record SafetensorsEntry(string Name, SafetensorsDType DType, long[] Shape, long Begin, long End)
{
    /// <summary>Number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (p, d) => checked(p * d));

    /// <summary>Bytes of data, <see cref="End"/> − <see cref="Begin"/>.</summary>
    public long ByteLength => End - Begin;

    /// <summary>The shape as text, e.g. <c>[64, 16]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>Whether the shape equals <paramref name="shape"/>.</summary>
    public bool HasShape(ReadOnlySpan<int> shape)
    {
        if (shape.Length != Shape.Length) return false;
        for (int i = 0; i < shape.Length; i++)
            if (Shape[i] != shape[i]) return false;
        return true;
    }
}
