namespace Recur.IO.Onnx;

/// <summary>The ONNX element types the exporter uses, with their <c>TensorProto.DataType</c> numbers.</summary>
internal enum OnnxElementType
{
    /// <summary>float32.</summary>
    Float = 1,

    /// <summary>int32 (e.g. <c>sequence_lens</c>).</summary>
    Int32 = 6,

    /// <summary>int64 (token ids, shapes, axes).</summary>
    Int64 = 7,

    /// <summary>bool (masks).</summary>
    Bool = 9,
}
