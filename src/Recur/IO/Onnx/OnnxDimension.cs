namespace Recur.IO.Onnx;

/// <summary>One dimension of a declared tensor shape: a fixed size (<c>dim_value</c>) or a named, dynamic one (<c>dim_param</c>).</summary>
/// <param name="Value">The size when <paramref name="Param"/> is null.</param>
/// <param name="Param">The symbolic name, e.g. <c>batch</c>, or null for a fixed size.</param>
internal readonly record struct OnnxDimension(long Value, string? Param)
{
    /// <summary>A fixed size.</summary>
    public static implicit operator OnnxDimension(int value) => new(value, null);

    /// <summary>A dynamic size named <paramref name="param"/>.</summary>
    public static implicit operator OnnxDimension(string param) => new(0, param);
}
