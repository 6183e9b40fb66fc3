namespace Recur.Diagnostics;

/// <summary>
/// Finds interpretable units automatically: every hidden (and cell) state unit's activation over a text is correlated
/// with every <see cref="TextFeature"/>, and each feature's best unit kept.
/// </summary>
public static class UnitFinder
{
    /// <summary>Series whose standard deviation is below this are constant: no correlation is computed with them.</summary>
    public const double ConstantBelow = 1e-9;

    /// <summary>For each feature that varies over the text, the unit with the largest |r|, best matches first.</summary>
    public static IReadOnlyList<UnitMatch> BestPerFeature(TextTrace trace, IReadOnlyList<TextFeature> features)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(features);
        var matches = new List<UnitMatch>();
        foreach (var feature in features)
        {
            if (feature.Values.Length != trace.Count)
                throw new ArgumentException($"Feature '{feature.Name}' has {feature.Values.Length} values for {trace.Count} tokens.", nameof(features));
            var centred = Centre(feature.Values);
            if (centred is null) continue;
            UnitMatch? best = null;
            foreach (var layer in trace.Layers)
                foreach (var (state, values) in States(layer))
                    for (int j = 0; j < layer.HiddenSize; j++)
                    {
                        double r = Correlation(centred, values, j, layer.HiddenSize);
                        if (double.IsNaN(r)) continue;
                        if (best is null || Math.Abs(r) > Math.Abs(best.Correlation)) best = new UnitMatch(feature, layer.Layer, j, state, r);
                    }
            if (best is not null) matches.Add(best);
        }
        return matches.OrderByDescending(m => Math.Abs(m.Correlation)).ToArray();
    }

    /// <summary>Pearson's r of two series; NaN when either is constant.</summary>
    public static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException($"Series of {a.Count} and {b.Count} values.", nameof(b));
        var centred = Centre(a.ToArray());
        if (centred is null) return double.NaN;
        return Correlation(centred, b.Select(v => (float)v).ToArray(), 0, 1);
    }

    private static IEnumerable<(string State, float[] Values)> States(LayerTrace layer)
    {
        yield return ("h", layer.Hidden);
        if (layer.CellState is float[] c) yield return ("c", c);
    }

    // The series minus its mean, scaled to unit norm; null when constant.
    private static double[]? Centre(double[] values)
    {
        double mean = values.Average(), sum = 0;
        var centred = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            centred[i] = values[i] - mean;
            sum += centred[i] * centred[i];
        }
        double norm = Math.Sqrt(sum);
        if (!(norm / Math.Sqrt(Math.Max(1, values.Length)) >= ConstantBelow)) return null;
        for (int i = 0; i < centred.Length; i++) centred[i] /= norm;
        return centred;
    }

    // r between the unit-norm centred feature and column j of an [N, width] matrix.
    private static double Correlation(double[] feature, float[] matrix, int j, int width)
    {
        int n = feature.Length;
        double mean = 0;
        for (int i = 0; i < n; i++) mean += matrix[i * width + j];
        mean /= n;
        double dot = 0, sum = 0;
        for (int i = 0; i < n; i++)
        {
            double v = matrix[i * width + j] - mean;
            dot += feature[i] * v;
            sum += v * v;
        }
        double norm = Math.Sqrt(sum);
        return norm / Math.Sqrt(n) < ConstantBelow ? double.NaN : dot / norm;
    }
}
