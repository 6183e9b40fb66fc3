using System.Runtime.InteropServices;
using Recur.Cells;
using Recur.Kernels;
using Recur.Layers;
using Recur.Models;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Layers;

/// <summary>
/// With half-precision weights on, a network computes the same function as the float network whose weight matrices
/// were rounded to half: only the order of float additions differs.
/// </summary>
public sealed class HalfPrecisionWeightsTests
{
    private const double Relative = 1e-5, Absolute = 1e-6;

    public static TheoryData<CellKind, bool> Cases()
    {
        var data = new TheoryData<CellKind, bool>();
        foreach (var kind in CellKinds.All)
            foreach (bool bi in new[] { false, true })
                data.Add(kind, bi);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_HalfWeights_EqualsFloatNetworkWithRoundedWeights(CellKind kind, bool bidirectional)
    {
        var options = new RecurrentOptions(kind, 5, 24) { NumLayers = 2, Bidirectional = bidirectional };
        var (half, rounded) = (Build(options), Build(options));
        half.Net.SetHalfPrecisionWeights(true);
        RoundWeightMatrices(rounded.Store, rounded.Net);
        Assert.True(half.Net.HalfPrecisionWeights);

        const int steps = 4, batch = 3;
        var x = Fill.Uniform<float>(new Rng(2), steps * batch * 5);
        int[] lengths = [4, 2, 3];
        int states = half.Net.StateLayers * batch * 24;
        var (yHalf, hHalf, cHalf) = Run(half.Net, steps, batch, lengths, x, states);
        var (yRounded, hRounded, cRounded) = Run(rounded.Net, steps, batch, lengths, x, states);
        Close.Elementwise<float, float>(yHalf, yRounded, Relative, Absolute, $"{kind} y");
        Close.Elementwise<float, float>(hHalf, hRounded, Relative, Absolute, $"{kind} hN");
        Close.Elementwise<float, float>(cHalf, cRounded, Relative, Absolute, $"{kind} cN");
    }

    [Fact]
    public void Backward_WhileHalfWeightsOn_ThrowsAndWorksAfterTurningOff()
    {
        var (store, net) = Build(new RecurrentOptions(CellKind.Lstm, 5, 8));
        net.SetHalfPrecisionWeights(true);
        var x = new float[2 * 5];
        var y = new float[2 * 8];
        net.Forward(2, 1, default, x, default, default, y, default, default);
        Assert.Throws<InvalidOperationException>(() => net.Backward(x, y, default, default, new float[x.Length], default, default));
        net.SetHalfPrecisionWeights(false);
        Assert.False(net.HalfPrecisionWeights);
        net.Forward(2, 1, default, x, default, default, y, default, default);
        net.Backward(x, y, default, default, new float[x.Length], default, default);
    }

    [Fact]
    public void LanguageModel_HalfWeights_LogitsEqualRoundedFloatModel()
    {
        var options = new LanguageModelOptions(30) { Cell = CellKind.Gru, EmbeddingSize = 8, HiddenSize = 16, NumLayers = 2 };
        var half = new LanguageModel<float>(options);
        var rounded = new LanguageModel<float>(options);
        half.Reset(new Rng(6));
        rounded.Reset(new Rng(6));
        half.SetHalfPrecisionWeights(true);
        RoundWeightMatrices(rounded.Store, rounded.Rnn);
        var decoder = rounded.Store.Value(rounded.Decoder.Weight);
        foreach (ref float w in decoder) w = (float)(Half)w;

        int[] tokens = [1, 5, 7, 29, 0, 3];
        half.Forward(3, 2, tokens, default, default, carryState: false, dropoutRng: null);
        rounded.Forward(3, 2, tokens, default, default, carryState: false, dropoutRng: null);
        Close.Elementwise<float, float>(half.Logits, rounded.Logits, Relative, Absolute, "logits");
        Assert.Throws<InvalidOperationException>(() => half.Backward());
    }

    private static (ParameterStore<float> Store, Stacked<float> Net) Build(RecurrentOptions options)
    {
        var store = new ParameterStore<float>();
        var net = new Stacked<float>(store, options, "rnn.");
        Fill.Uniform(new Rng(1), store.Values, -0.4, 0.4);
        return (store, net);
    }

    // W_ih and W_hh of every layer rounded to half in place (biases and peepholes stay float, as in the half path).
    private static void RoundWeightMatrices(ParameterStore<float> store, Stacked<float> net)
    {
        foreach (var block in net.Layers)
        {
            var layers = block is Bidirectional<float> bi ? new[] { bi.Forwards, bi.Backwards } : [(RecurrentLayer<float>)block];
            foreach (var layer in layers)
                foreach (var slot in new[] { layer.Cell.WeightIh, layer.Cell.WeightHh })
                    foreach (ref float w in store.Value(slot)) w = (float)(Half)w;
        }
    }

    private static (float[] Y, float[] H, float[] C) Run(Stacked<float> net, int steps, int batch, int[] lengths, float[] x, int states)
    {
        var y = new float[steps * batch * net.OutputSize];
        var h = new float[states];
        var c = net.HasCellState ? new float[states] : [];
        net.Forward(steps, batch, lengths, x, default, default, y, h, c);
        return (y, h, c);
    }
}
