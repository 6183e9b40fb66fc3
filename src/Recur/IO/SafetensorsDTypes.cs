namespace Recur.IO;

/// <summary>Header names and element sizes of the <see cref="SafetensorsDType"/> values.</summary>
public static class SafetensorsDTypes
{
    private static readonly (SafetensorsDType DType, string Name, int Size)[] s_table =
    [
        (SafetensorsDType.Bool, "BOOL", 1), (SafetensorsDType.U8, "U8", 1), (SafetensorsDType.I8, "I8", 1),
        (SafetensorsDType.F8E5M2, "F8_E5M2", 1), (SafetensorsDType.F8E4M3, "F8_E4M3", 1),
        (SafetensorsDType.I16, "I16", 2), (SafetensorsDType.U16, "U16", 2), (SafetensorsDType.F16, "F16", 2),
        (SafetensorsDType.BF16, "BF16", 2), (SafetensorsDType.I32, "I32", 4), (SafetensorsDType.U32, "U32", 4),
        (SafetensorsDType.F32, "F32", 4), (SafetensorsDType.F64, "F64", 8), (SafetensorsDType.I64, "I64", 8),
        (SafetensorsDType.U64, "U64", 8),
    ];

    /// <summary>The name used in a header, e.g. <c>BF16</c>.</summary>
    public static string ToName(this SafetensorsDType dtype) => Find(dtype).Name;

    /// <summary>Bytes per element.</summary>
    public static int Size(this SafetensorsDType dtype) => Find(dtype).Size;

    /// <summary>Whether <see cref="SafetensorsReader"/> converts this type to float (F32, F16, BF16, F64).</summary>
    public static bool IsReadableAsFloat(this SafetensorsDType dtype) =>
        dtype is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F64;

    /// <summary>The type a header name stands for; names are case-sensitive, as in the format.</summary>
    /// <returns>False for an unknown name.</returns>
    public static bool TryParse(string name, out SafetensorsDType dtype)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (d, n, _) in s_table)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                dtype = d;
                return true;
            }
        }
        dtype = default;
        return false;
    }

    private static (SafetensorsDType DType, string Name, int Size) Find(SafetensorsDType dtype)
    {
        foreach (var entry in s_table)
            if (entry.DType == dtype) return entry;
        throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype.");
    }
}
