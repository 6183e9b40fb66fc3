using Recur.Cells;
using Recur.Diagnostics;
using Recur.Training;

namespace Recur.Tests.Diagnostics;

public sealed class UnitFinderTests
{
    [Fact]
    public void Compute_QuotesBracketsAndPositions_AfterEachToken()
    {
        string text = "a \"b(c)\"\nde";
        var tokens = text.Select(c => c.ToString()).ToArray();
        var features = TextFeatures.Compute(tokens).ToDictionary(f => f.Name, f => f.Values);

        //                                     a  ␠  "  b  (  c  )  "  ↵  d  e
        Assert.Equal([0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0], features["inside quotes"]);
        Assert.Equal([0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0], features["inside brackets"]);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2], features["position in line"]);
        Assert.Equal([1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 2], features["position in word"]);
        Assert.Equal([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], features["space"]);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], features["vowel"]);
        Assert.Equal([0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0], features["punctuation"]);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0], features["line end"]);
    }

    [Fact]
    public void BestPerFeature_PlantedUnits_FoundWithTheirFeature()
    {
        // Layer 1 unit 2 follows the quotes exactly (negated), layer 0's cell state unit 1 the position in the line plus noise;
        // the rest is noise.
        string text = "say \"hi\" to\nthe \"big\" cat\n(and \"so\" on)\n";
        var tokens = text.Select(c => c.ToString()).ToArray();
        var features = TextFeatures.Compute(tokens).ToDictionary(f => f.Name, f => f.Values);
        int n = tokens.Length, h = 3;
        var rng = new Rng(7);
        float[] Noise() => Enumerable.Range(0, n * h).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        var c0 = Noise();
        var h1 = Noise();
        for (int i = 0; i < n; i++)
        {
            c0[i * h + 1] = (float)(features["position in line"][i] + 0.1 * rng.NextUniform(-1, 1));
            h1[i * h + 2] = (float)(-features["inside quotes"][i]);
        }
        var trace = new TextTrace(tokens, new int[n], Enumerable.Repeat(0.5, n).ToArray(),
        [
            new LayerTrace(0, CellKind.Lstm, h, Noise(), c0, []),
            new LayerTrace(1, CellKind.Lstm, h, h1, Noise(), []),
        ]);

        var matches = UnitFinder.BestPerFeature(trace, TextFeatures.Compute(tokens)).ToDictionary(m => m.Feature.Name);

        var quotes = matches["inside quotes"];
        Assert.Equal((1, 2, "h"), (quotes.Layer, quotes.Unit, quotes.State));
        Assert.Equal(-1.0, quotes.Correlation, 1e-6);
        var line = matches["position in line"];
        Assert.Equal((0, 1, "c"), (line.Layer, line.Unit, line.State));
        Assert.True(line.Correlation > 0.95);
        // Best matches first.
        Assert.Equal("inside quotes", UnitFinder.BestPerFeature(trace, TextFeatures.Compute(tokens))[0].Feature.Name);
    }

    [Fact]
    public void Correlation_KnownSeries_PearsonR()
    {
        Assert.Equal(1.0, UnitFinder.Correlation([1, 2, 3, 4], [2, 4, 6, 8]), 1e-12);
        Assert.Equal(-1.0, UnitFinder.Correlation([1, 2, 3], [3, 2, 1]), 1e-12);
        // 0.8 for x = 1..5 and y = 1, 3, 2, 5, 4: Σdxdy = 8, Σdx² = Σdy² = 10.
        Assert.Equal(0.8, UnitFinder.Correlation([1, 2, 3, 4, 5], [1, 3, 2, 5, 4]), 1e-6);
        Assert.True(double.IsNaN(UnitFinder.Correlation([1, 1, 1], [1, 2, 3])));
    }
}
