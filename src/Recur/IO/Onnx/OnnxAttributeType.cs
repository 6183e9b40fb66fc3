namespace Recur.IO.Onnx;

/// <summary>The <c>AttributeProto.AttributeType</c> values the exporter writes.</summary>
internal enum OnnxAttributeType
{
    /// <summary>One float (field <c>f</c>).</summary>
    Float = 1,

    /// <summary>One int64 (field <c>i</c>).</summary>
    Int = 2,

    /// <summary>One UTF-8 string (field <c>s</c>).</summary>
    String = 3,

    /// <summary>One graph (field <c>g</c>).</summary>
    Graph = 5,

    /// <summary>int64s (field <c>ints</c>).</summary>
    Ints = 7,

    /// <summary>UTF-8 strings (field <c>strings</c>).</summary>
    Strings = 8,
}
