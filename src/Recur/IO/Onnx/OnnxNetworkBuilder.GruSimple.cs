using Recur.Cells;
using Recur.Layers;

namespace Recur.IO.Onnx;

/// <summary>The simplified GRU (gates z, n only), which no ONNX operator expresses, built from elementary operators.</summary>
internal sealed partial class OnnxNetworkBuilder<T>
{
    // Per direction: the input projections of all steps at once, then a Scan over time whose body is one cell step.
    // a_z = x·W_izᵀ + b_iz + b_hz;  a_n = x·W_inᵀ + b_in + b_hn      [T, B, H]
    // body: z = σ(a_z⟨t⟩ + h·W_hzᵀ);  n = tanh(a_n⟨t⟩ + h·W_hnᵀ);  h̃ = n + z⊙(h − n)   (= (1 − z)⊙n + z⊙h)
    //       valid⟨t⟩ ? (h, y⟨t⟩) = (h̃, h̃) : (h, y⟨t⟩) = (h, 0)
    // The reverse direction scans from step T−1 down; padded steps keep h0, so each sequence starts at its own last step.
    private (string Y, string HN, string? CN) GruSimpleLayer(RecurrentCell<T>[] cells, string name, string x, string lengths,
        string? h0, DirectionMerge merge)
    {
        var g = Graph;
        string mask = ValidMask(x, lengths);
        var ys = new string[cells.Length];
        var hs = new string[cells.Length];
        for (int dir = 0; dir < cells.Length; dir++)
        {
            var cell = cells[dir];
            int h = cell.HiddenSize, d = cell.InputSize;
            string cellName = $"{name}{(dir == 1 ? "_reverse" : "")}";
            var wih = Store.Value(cell.WeightIh);
            var whh = Store.Value(cell.WeightHh);
            string az = Projection(x, cellName + ".W_z_t", cellName + ".b_z", wih[..(h * d)], d, h, Bias(cell, 0, h));
            string an = Projection(x, cellName + ".W_n_t", cellName + ".b_n", wih[(h * d)..], d, h, Bias(cell, h, h));
            string rz = g.AddFloats(cellName + ".R_z_t", [h, h], Transpose(whh[..(h * h)], h, h));
            string rn = g.AddFloats(cellName + ".R_n_t", [h, h], Transpose(whh[(h * h)..], h, h));
            string initial = h0 is not null
                ? g.Add("Gather", [h0, g.Int64Scalar(dir)], [OnnxAttribute.Int("axis", 0)])
                : g.Add("ConstantOfShape", [g.Add("Concat", [g.Add("Shape", [x], [OnnxAttribute.Int("start", 1), OnnxAttribute.Int("end", 2)]),
                    g.Int64s(h)], [OnnxAttribute.Int("axis", 0)])]);

            var body = new OnnxGraph(cellName + "_step", g);
            string hPrev = body.UniqueName("h_prev"), azT = body.UniqueName("a_z"), anT = body.UniqueName("a_n"), valid = body.UniqueName("valid");
            body.AddInput(hPrev, OnnxElementType.Float, "batch", h);
            body.AddInput(azT, OnnxElementType.Float, "batch", h);
            body.AddInput(anT, OnnxElementType.Float, "batch", h);
            body.AddInput(valid, OnnxElementType.Bool, "batch", 1);
            string z = body.Add("Sigmoid", [body.Add("Add", [azT, body.Add("MatMul", [hPrev, rz])])]);
            string n = body.Add("Tanh", [body.Add("Add", [anT, body.Add("MatMul", [hPrev, rn])])]);
            string candidate = body.Add("Add", [n, body.Add("Mul", [z, body.Add("Sub", [hPrev, n])])]);
            string hNext = body.Add("Where", [valid, candidate, hPrev], output: body.UniqueName("h_next"));
            string yT = body.Add("Where", [valid, candidate, g.FloatScalar(0)], output: body.UniqueName("y"));
            body.AddOutput(hNext, OnnxElementType.Float, "batch", h);
            body.AddOutput(yT, OnnxElementType.Float, "batch", h);

            long direction = dir; // 1: reverse
            hs[dir] = g.UniqueName(cellName + "_h");
            ys[dir] = g.UniqueName(cellName + "_y");
            g.Add("Scan", [initial, az, an, mask], [hs[dir], ys[dir]],
            [
                OnnxAttribute.Graph("body", body),
                OnnxAttribute.Int("num_scan_inputs", 3),
                OnnxAttribute.Ints("scan_input_directions", direction, direction, direction),
                OnnxAttribute.Ints("scan_output_directions", direction),
            ]);
        }
        string y = cells.Length == 1 ? ys[0]
            : merge == DirectionMerge.Sum ? g.Add("Add", [ys[0], ys[1]])
            : g.Add("Concat", [ys[0], ys[1]], [OnnxAttribute.Int("axis", 2)]);
        var states = hs.Select(s => g.Add("Unsqueeze", [s, g.Int64s(0)])).ToArray();
        string hN = states.Length == 1 ? states[0] : g.Add("Concat", states, [OnnxAttribute.Int("axis", 0)]);
        return (y, hN, null);
    }

    // x [T, B, D] → x·Wᵀ + b  [T, B, H], W [H, D] stored transposed; b omitted when null
    private string Projection(string x, string weightName, string biasName, ReadOnlySpan<T> w, int d, int h, float[]? bias)
    {
        string product = Graph.Add("MatMul", [x, Graph.AddFloats(weightName, [d, h], Transpose(w, h, d))]);
        return bias is null ? product : Graph.Add("Add", [product, Graph.AddFloats(biasName, [h], bias)]);
    }

    // b_ih[offset..] + b_hh[offset..], or null without biases
    private float[]? Bias(RecurrentCell<T> cell, int offset, int count)
    {
        if (cell.BiasIh is null) return null;
        var bi = Store.Value(cell.BiasIh).Slice(offset, count);
        var bh = Store.Value(cell.BiasHh!).Slice(offset, count);
        var sum = new float[count];
        for (int i = 0; i < count; i++) sum[i] = float.CreateTruncating(bi[i] + bh[i]);
        return sum;
    }

    // m [rows, cols] → mᵀ [cols, rows]
    private static float[] Transpose(ReadOnlySpan<T> m, int rows, int cols)
    {
        var t = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = float.CreateTruncating(m[r * cols + c]);
        return t;
    }
}
