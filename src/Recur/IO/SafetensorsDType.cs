namespace Recur.IO;

/// <summary>
/// Element types of the safetensors format, named in the header as in the member docs. <see cref="SafetensorsReader"/>
/// checks the sizes of all of them and converts <see cref="F32"/>, <see cref="F16"/>, <see cref="BF16"/> and
/// <see cref="F64"/> to float; <see cref="SafetensorsWriter"/> writes <see cref="F32"/>. Names and sizes:
/// <see cref="SafetensorsDTypes"/>.
/// </summary>
public enum SafetensorsDType
{
    /// <summary><c>BOOL</c>, one byte.</summary>
    Bool,

    /// <summary><c>U8</c>.</summary>
    U8,

    /// <summary><c>I8</c>.</summary>
    I8,

    /// <summary><c>F8_E5M2</c>, one byte.</summary>
    F8E5M2,

    /// <summary><c>F8_E4M3</c>, one byte.</summary>
    F8E4M3,

    /// <summary><c>I16</c>.</summary>
    I16,

    /// <summary><c>U16</c>.</summary>
    U16,

    /// <summary><c>F16</c>, IEEE 754 half precision.</summary>
    F16,

    /// <summary><c>BF16</c>, bfloat16: the upper 16 bits of a float32.</summary>
    BF16,

    /// <summary><c>I32</c>.</summary>
    I32,

    /// <summary><c>U32</c>.</summary>
    U32,

    /// <summary><c>F32</c>, IEEE 754 single precision.</summary>
    F32,

    /// <summary><c>F64</c>, IEEE 754 double precision.</summary>
    F64,

    /// <summary><c>I64</c>.</summary>
    I64,

    /// <summary><c>U64</c>.</summary>
    U64,
}
