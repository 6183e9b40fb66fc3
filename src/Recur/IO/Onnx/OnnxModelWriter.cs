namespace Recur.IO.Onnx;

/// <summary>
/// Encodes an <see cref="OnnxGraph"/> as an ONNX <c>ModelProto</c>, with the field numbers of the public
/// <c>onnx/onnx.proto</c> schema (proto2).
/// </summary>
internal static class OnnxModelWriter
{
    /// <summary>The operator set of the default domain the graphs use.</summary>
    public const int Opset = 17;

    /// <summary>The IR version that goes with <see cref="Opset"/> (ONNX 1.12: IR 8, opset 17).</summary>
    public const int IrVersion = 8;

    // ModelProto
    private const int ModelIrVersion = 1, ModelProducerName = 2, ModelProducerVersion = 3, ModelDocString = 6, ModelGraph = 7, ModelOpsetImport = 8;
    // OperatorSetIdProto
    private const int OpsetDomain = 1, OpsetVersion = 2;
    // GraphProto
    private const int GraphNode = 1, GraphName = 2, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    // NodeProto
    private const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeAttribute = 5;
    // AttributeProto
    private const int AttributeName = 1, AttributeF = 2, AttributeI = 3, AttributeS = 4, AttributeG = 6, AttributeInts = 8,
        AttributeStrings = 9, AttributeType = 20;
    // TensorProto
    private const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
    private const int ValueInfoName = 1, ValueInfoType = 2;
    private const int TypeTensorType = 1, TensorTypeElemType = 1, TensorTypeShape = 2;
    private const int ShapeDim = 1, DimValue = 1, DimParam = 2;

    /// <summary>The encoded model.</summary>
    /// <param name="graph">The main graph.</param>
    /// <param name="docString">A description of the model's inputs and outputs, stored in <c>doc_string</c>.</param>
    public static byte[] Encode(OnnxGraph graph, string docString)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var w = new ProtobufWriter();
        w.WriteInt64(ModelIrVersion, IrVersion);
        w.WriteString(ModelProducerName, "Recur");
        w.WriteString(ModelProducerVersion, typeof(OnnxModelWriter).Assembly.GetName().Version?.ToString() ?? "0");
        if (docString.Length > 0) w.WriteString(ModelDocString, docString);
        w.WriteMessage(ModelGraph, g => WriteGraph(g, graph));
        w.WriteMessage(ModelOpsetImport, o =>
        {
            o.WriteString(OpsetDomain, "");
            o.WriteInt64(OpsetVersion, Opset);
        });
        return w.Written.ToArray();
    }

    private static void WriteGraph(ProtobufWriter w, OnnxGraph graph)
    {
        foreach (var node in graph.Nodes) w.WriteMessage(GraphNode, n => WriteNode(n, node));
        w.WriteString(GraphName, graph.Name);
        foreach (var tensor in graph.Initializers) w.WriteMessage(GraphInitializer, t => WriteTensor(t, tensor));
        foreach (var input in graph.Inputs) w.WriteMessage(GraphInput, v => WriteValueInfo(v, input));
        foreach (var output in graph.Outputs) w.WriteMessage(GraphOutput, v => WriteValueInfo(v, output));
    }

    private static void WriteNode(ProtobufWriter w, OnnxNode node)
    {
        foreach (string input in node.Inputs) w.WriteString(NodeInput, input);
        foreach (string output in node.Outputs) w.WriteString(NodeOutput, output);
        w.WriteString(NodeName, node.Name);
        w.WriteString(NodeOpType, node.OpType);
        foreach (var attribute in node.Attributes) w.WriteMessage(NodeAttribute, a => WriteAttribute(a, attribute));
    }

    private static void WriteAttribute(ProtobufWriter w, OnnxAttribute a)
    {
        w.WriteString(AttributeName, a.Name);
        w.WriteInt64(AttributeType, (int)a.Type);
        switch (a.Type)
        {
            case OnnxAttributeType.Float: w.WriteFloat(AttributeF, a.FloatValue); break;
            case OnnxAttributeType.Int: w.WriteInt64(AttributeI, a.IntValue); break;
            case OnnxAttributeType.String: w.WriteString(AttributeS, a.StringValue); break;
            case OnnxAttributeType.Graph: w.WriteMessage(AttributeG, g => WriteGraph(g, a.GraphValue!)); break;
            case OnnxAttributeType.Ints:
                foreach (long v in a.IntValues) w.WriteInt64(AttributeInts, v);
                break;
            case OnnxAttributeType.Strings:
                foreach (string s in a.StringValues) w.WriteString(AttributeStrings, s);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(a), a.Type, "Unknown attribute type.");
        }
    }

    private static void WriteTensor(ProtobufWriter w, OnnxTensor t)
    {
        foreach (long d in t.Dims) w.WriteInt64(TensorDims, d);
        w.WriteInt64(TensorDataType, (int)t.Type);
        w.WriteString(TensorName, t.Name);
        switch (t.Type)
        {
            case OnnxElementType.Float: w.WriteRawFloats(TensorRawData, t.Floats); break;
            case OnnxElementType.Int64: w.WriteRawInt64s(TensorRawData, t.Int64s); break;
            case OnnxElementType.Int32: w.WriteRawInt32s(TensorRawData, t.Int32s); break;
            default: throw new ArgumentOutOfRangeException(nameof(t), t.Type, "Unsupported initializer type.");
        }
    }

    private static void WriteValueInfo(ProtobufWriter w, OnnxValueInfo info)
    {
        w.WriteString(ValueInfoName, info.Name);
        w.WriteMessage(ValueInfoType, type => type.WriteMessage(TypeTensorType, tensor =>
        {
            tensor.WriteInt64(TensorTypeElemType, (int)info.Type);
            tensor.WriteMessage(TensorTypeShape, shape =>
            {
                foreach (var dim in info.Shape)
                    shape.WriteMessage(ShapeDim, d =>
                    {
                        if (dim.Param is string p) d.WriteString(DimParam, p);
                        else d.WriteInt64(DimValue, dim.Value);
                    });
            });
        }));
    }
}
