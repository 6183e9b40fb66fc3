using System.Numerics;
using Recur.Cells;
using Recur.Layers;

namespace Recur.IO.Onnx;

/// <summary>
/// Emits Recur layers into an <see cref="OnnxGraph"/>: embeddings (<c>Gather</c>), linear maps (<c>MatMul</c> + <c>Add</c>),
/// stacked recurrent networks (one ONNX <c>RNN</c>, <c>GRU</c> or <c>LSTM</c> node per layer, or a <c>Scan</c> for the simplified
/// GRU) and the masks of valid steps. Every tensor is time-major, as in Recur: [T, B, …].
/// </summary>
/// <typeparam name="T">Element type of the model; weights are written as float32.</typeparam>
internal sealed partial class OnnxNetworkBuilder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<(string Source, string Lengths), string> _masks = [];
    private readonly Dictionary<string, string> _nonEmpty = new(StringComparer.Ordinal);

    /// <summary>Emits into <paramref name="graph"/> the parameters of <paramref name="store"/>.</summary>
    public OnnxNetworkBuilder(OnnxGraph graph, ParameterStore<T> store)
    {
        Graph = graph;
        Store = store;
    }

    /// <summary>The graph nodes go to.</summary>
    public OnnxGraph Graph { get; }

    /// <summary>The parameters of the model being exported.</summary>
    public ParameterStore<T> Store { get; }

    // e = E[tokens]      tokens [T, B] int64 → [T, B, E]
    /// <summary>Looks every token up in <paramref name="embedding"/>; the table keeps its PyTorch name.</summary>
    public string Embedding(Embedding<T> embedding, string tokens)
    {
        var slot = embedding.Weight;
        string table = Graph.AddFloats(slot.Name, [embedding.Count, embedding.Dimension], ToFloats(Store.Value(slot)));
        return Graph.Add("Gather", [table, tokens], [OnnxAttribute.Int("axis", 0)]);
    }

    // y = x·Wᵀ + b      x [..., I] → [..., O]; Wᵀ is stored as {name}_t [I, O]
    /// <summary>Applies <paramref name="linear"/> to the last axis of <paramref name="x"/>.</summary>
    public string Linear(Linear<T> linear, string x, string? output = null)
    {
        int i = linear.InputSize, o = linear.OutputSize;
        string weight = Graph.AddFloats(linear.Weight.Name + "_t", [i, o], Transpose(Store.Value(linear.Weight), o, i));
        if (linear.Bias is null) return Graph.Add("MatMul", [x, weight], output: output);
        string bias = Graph.AddFloats(linear.Bias.Name, [o], ToFloats(Store.Value(linear.Bias)));
        return Graph.Add("Add", [Graph.Add("MatMul", [x, weight]), bias], output: output);
    }

    // valid[t, b] = t < lengths[b]      [T, B, 1] bool, T read from axis 0 of source
    /// <summary>The mask of valid steps of a time-major tensor, built once per (source, lengths) pair.</summary>
    /// <param name="source">A tensor whose axis 0 is T.</param>
    /// <param name="lengths">[B] int32.</param>
    public string ValidMask(string source, string lengths)
    {
        if (_masks.TryGetValue((source, lengths), out var mask)) return mask;
        var g = Graph;
        string steps = g.Add("Gather", [g.Add("Shape", [source]), g.Int64Scalar(0)], [OnnxAttribute.Int("axis", 0)]);
        string t = g.Add("Range", [g.Int64Scalar(0), steps, g.Int64Scalar(1)]);
        string column = g.Add("Unsqueeze", [t, g.Int64s(1)]);
        string length = g.Add("Cast", [lengths], [OnnxAttribute.Int("to", (int)OnnxElementType.Int64)]);
        string valid = g.Add("Less", [column, length]);
        mask = g.Add("Unsqueeze", [valid, g.Int64s(2)]);
        _masks.Add((source, lengths), mask);
        return mask;
    }

    /// <summary>
    /// Runs a stacked recurrent network over <paramref name="x"/> [T, B, D] with per-sequence <paramref name="lengths"/>;
    /// its weights are converted to ONNX layout and named after <paramref name="prefix"/>.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="prefix">Initializer name prefix, e.g. <c>rnn.</c>.</param>
    /// <param name="x">[T, B, D] float.</param>
    /// <param name="lengths">[B] int32, each in 0..T.</param>
    /// <param name="h0">[L·dirs, B, H] initial states, or null for zeros.</param>
    /// <param name="c0">[L·dirs, B, H] initial cell states (LSTM), or null for zeros.</param>
    /// <returns>The outputs [T, B, OutputSize] (zero at padded steps), and the final states [L·dirs, B, H] of each layer and
    /// direction (c only for LSTMs), ordered as Recur's.</returns>
    public (string Y, string HN, string? CN) Stack(Stacked<T> network, string prefix, string x, string lengths, string? h0, string? c0)
    {
        var options = network.Options;
        int dirs = network.Directions;
        var hs = new List<string>();
        var cs = new List<string>();
        string input = x;
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var cells = CellsOf(network.Layers[l]);
            string? layerH0 = h0 is null ? null : SliceStates(h0, l * dirs, dirs);
            string? layerC0 = c0 is null ? null : SliceStates(c0, l * dirs, dirs);
            string name = $"{prefix}l{l}";
            (string y, string hN, string? cN) = options.Cell == CellKind.GruSimple
                ? GruSimpleLayer(cells, name, input, lengths, layerH0, options.Merge)
                : StandardLayer(cells, name, input, lengths, layerH0, layerC0, options.Merge);
            hs.Add(hN);
            if (cN is not null) cs.Add(cN);
            input = y;
        }
        string hAll = hs.Count == 1 ? hs[0] : Graph.Add("Concat", [.. hs], [OnnxAttribute.Int("axis", 0)]);
        string? cAll = cs.Count == 0 ? null : cs.Count == 1 ? cs[0] : Graph.Add("Concat", [.. cs], [OnnxAttribute.Int("axis", 0)]);
        return (input, hAll, cAll);
    }

    /// <summary>The values of a parameter as float32.</summary>
    public static float[] ToFloats(ReadOnlySpan<T> values)
    {
        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = float.CreateTruncating(values[i]);
        return result;
    }

    // One ONNX RNN/GRU/LSTM node over every direction of a layer.
    // W [dirs, G·H, D], R [dirs, G·H, H], B [dirs, 2·G·H] = [Wb, Rb], P [dirs, 3H]: gate blocks in ONNX order
    // Y [T, dirs, B, H] → [T, B, dirs·H] (concat) or [T, B, H] (sum);  Y_h, Y_c [dirs, B, H]
    private (string Y, string HN, string? CN) StandardLayer(RecurrentCell<T>[] cells, string name, string x, string lengths,
        string? h0, string? c0, DirectionMerge merge)
    {
        var kind = cells[0].Kind;
        int dirs = cells.Length, h = cells[0].HiddenSize, d = cells[0].InputSize, g = cells[0].GateWidth;
        int[] order = OnnxGateOrder(kind);
        string w = Graph.AddFloats(name + ".W", [dirs, g, d], Stack(cells, c => Reorder(Store.Value(c.WeightIh), order, h * d)));
        string r = Graph.AddFloats(name + ".R", [dirs, g, h], Stack(cells, c => Reorder(Store.Value(c.WeightHh), order, h * h)));
        string b = "";
        if (cells[0].BiasIh is not null)
            b = Graph.AddFloats(name + ".B", [dirs, 2 * g], Stack(cells, c =>
                [.. Reorder(Store.Value(c.BiasIh!), order, h), .. Reorder(Store.Value(c.BiasHh!), order, h)]));
        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Int("hidden_size", h),
            OnnxAttribute.String("direction", dirs == 2 ? "bidirectional" : "forward"),
        };
        string op;
        switch (kind)
        {
            case CellKind.RnnTanh or CellKind.RnnRelu:
                op = "RNN";
                string activation = kind == CellKind.RnnTanh ? "Tanh" : "Relu";
                attributes.Add(OnnxAttribute.Strings("activations", [.. Enumerable.Repeat(activation, dirs)]));
                break;
            case CellKind.Gru or CellKind.GruResetAfter:
                op = "GRU";
                attributes.Add(OnnxAttribute.Int("linear_before_reset", kind == CellKind.GruResetAfter ? 1 : 0));
                break;
            default:
                op = "LSTM";
                break;
        }
        var inputs = new List<string> { x, w, r, b, lengths, h0 ?? "" };
        bool lstm = kind.HasCellState();
        if (lstm)
        {
            inputs.Add(c0 ?? "");
            if (cells[0] is LstmCell<T> { Peephole: not null })
                inputs.Add(Graph.AddFloats(name + ".P", [dirs, 3 * h],
                    Stack(cells, c => Reorder(Store.Value(((LstmCell<T>)c).Peephole!), PeepholeOrder, h))));
        }
        string[] outputs = lstm
            ? [Graph.UniqueName(name + "_y"), Graph.UniqueName(name + "_h"), Graph.UniqueName(name + "_c")]
            : [Graph.UniqueName(name + "_y"), Graph.UniqueName(name + "_h")];
        Graph.Add(op, [.. inputs], outputs, [.. attributes]);
        // ONNX Runtime gives a sequence of length 0 the final state 0; in Recur it keeps its initial state.
        string hN = h0 is null ? outputs[1] : Graph.Add("Where", [NonEmpty(lengths), outputs[1], h0]);
        string? cN = !lstm ? null : c0 is null ? outputs[2] : Graph.Add("Where", [NonEmpty(lengths), outputs[2], c0]);
        string y = outputs[0];
        if (dirs == 1) y = Graph.Add("Squeeze", [y, Graph.Int64s(1)]);
        else if (merge == DirectionMerge.Sum) y = Graph.Add("ReduceSum", [y, Graph.Int64s(1)], [OnnxAttribute.Int("keepdims", 0)]);
        else
        {
            string perm = Graph.Add("Transpose", [y], [OnnxAttribute.Ints("perm", 0, 2, 1, 3)]);
            y = Graph.Add("Reshape", [perm, Graph.Int64s(0, 0, -1)]);
        }
        return (y, hN, cN);
    }

    // lengths[b] > 0      [1, B, 1] bool
    private string NonEmpty(string lengths)
    {
        if (_nonEmpty.TryGetValue(lengths, out var mask)) return mask;
        mask = Graph.Add("Unsqueeze", [Graph.Add("Greater", [lengths, Graph.Int32Scalar(0)]), Graph.Int64s(0, 2)]);
        _nonEmpty.Add(lengths, mask);
        return mask;
    }

    /// <summary>Recur's gate block feeding each ONNX gate block: ONNX orders GRU gates z, r, h and LSTM gates i, o, f, c.</summary>
    private static int[] OnnxGateOrder(CellKind kind) => kind switch
    {
        CellKind.RnnTanh or CellKind.RnnRelu => [0],
        // Recur r, z, n → ONNX z, r, h
        CellKind.Gru or CellKind.GruResetAfter => [1, 0, 2],
        // Recur i, f, g, o → ONNX i, o, f, c
        CellKind.Lstm or CellKind.LstmPeephole => [0, 3, 1, 2],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No ONNX operator for this cell."),
    };

    // Recur's peephole rows i, f, o → ONNX P order i, o, f
    private static readonly int[] PeepholeOrder = [0, 2, 1];

    // The blocks of a [G·blockSize] parameter in the given order.
    private static float[] Reorder(ReadOnlySpan<T> values, int[] order, int blockSize)
    {
        var result = new float[order.Length * blockSize];
        for (int k = 0; k < order.Length; k++)
        {
            var block = values.Slice(order[k] * blockSize, blockSize);
            for (int i = 0; i < blockSize; i++) result[k * blockSize + i] = float.CreateTruncating(block[i]);
        }
        return result;
    }

    // The per-direction arrays one after the other: forward, then reverse.
    private static float[] Stack(RecurrentCell<T>[] cells, Func<RecurrentCell<T>, float[]> part) => [.. cells.SelectMany(part)];

    // states [L·dirs, B, H] → rows first..first+count
    private string SliceStates(string states, int first, int count) =>
        Graph.Add("Slice", [states, Graph.Int64s(first), Graph.Int64s(first + count), Graph.Int64s(0)]);

    private static RecurrentCell<T>[] CellsOf(IRecurrentBlock<T> layer) => layer switch
    {
        Bidirectional<T> bi => [bi.Forwards.Cell, bi.Backwards.Cell],
        RecurrentLayer<T> one => [one.Cell],
        _ => throw new ArgumentException($"Unknown layer type {layer.GetType().Name}.", nameof(layer)),
    };
}
