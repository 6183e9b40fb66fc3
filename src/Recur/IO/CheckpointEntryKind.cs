namespace Recur.IO;

/// <summary>What a <see cref="CheckpointFile"/> entry holds; the value is the kind byte stored on disk.</summary>
public enum CheckpointEntryKind : byte
{
    /// <summary>A float32 tensor with a shape of rank 0 to <see cref="CheckpointFile.MaxRank"/>.</summary>
    Float32 = 1,

    /// <summary>A float64 tensor with a shape of rank 0 to <see cref="CheckpointFile.MaxRank"/>.</summary>
    Float64 = 2,

    /// <summary>A one-dimensional array of signed 64-bit integers (unsigned values are stored by their bits).</summary>
    Int64 = 3,

    /// <summary>An opaque byte blob.</summary>
    Bytes = 4,

    /// <summary>A UTF-8 string, checked for well-formed UTF-8 when loaded.</summary>
    Utf8 = 5,
}
