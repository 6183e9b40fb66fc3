namespace Recur.IO.Onnx;

/// <summary>One operator application (<c>NodeProto</c>) of the default <c>ai.onnx</c> domain.</summary>
/// <param name="OpType">Operator, e.g. <c>LSTM</c>.</param>
/// <param name="Inputs">Input value names; an empty name skips an optional input.</param>
/// <param name="Outputs">Output value names; an empty name skips an optional output.</param>
/// <param name="Name">Node name, unique in the model.</param>
/// <param name="Attributes">Attributes.</param>
internal sealed record OnnxNode(string OpType, string[] Inputs, string[] Outputs, string Name, OnnxAttribute[] Attributes);
