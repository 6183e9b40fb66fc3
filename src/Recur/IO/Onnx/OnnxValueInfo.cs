namespace Recur.IO.Onnx;

/// <summary>A graph input or output (<c>ValueInfoProto</c>): its name, element type and shape.</summary>
/// <param name="Name">Value name.</param>
/// <param name="Type">Element type.</param>
/// <param name="Shape">Dimensions, fixed or named.</param>
internal sealed record OnnxValueInfo(string Name, OnnxElementType Type, OnnxDimension[] Shape);
