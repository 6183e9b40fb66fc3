using Recur.Cells;
using Recur.Layers;
using Recur.Training;

namespace Recur.Tests.Layers;

public sealed class InitializationTests
{
    [Fact]
    public void Reset_Default_UniformWithinOneOverSqrtHidden()
    {
        var store = new ParameterStore<double>();
        var net = new Stacked<double>(store, new RecurrentOptions(CellKind.Gru, 5, 16) { NumLayers = 2 });
        net.Reset(new Rng(1));
        double bound = 1 / Math.Sqrt(16);
        foreach (var v in store.Values) Assert.InRange(Math.Abs(v), 0, bound);
        // Spread over the interval, not a constant.
        Assert.True(store.Values.ToArray().Max() > 0.9 * bound && store.Values.ToArray().Min() < -0.9 * bound);
    }

    [Fact]
    public void Reset_Orthogonal_EachRecurrentGateBlockIsOrthogonal()
    {
        int h = 12;
        var store = new ParameterStore<double>();
        var net = new Stacked<double>(store, new RecurrentOptions(CellKind.Lstm, 3, h));
        net.Reset(new Rng(2), orthogonalRecurrent: true);
        var w = store.Value(store["weight_hh_l0"]);
        for (int g = 0; g < 4; g++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < h; j++)
                {
                    double dot = 0;
                    for (int k = 0; k < h; k++) dot += w[g * h * h + i * h + k] * w[g * h * h + j * h + k];
                    Assert.Equal(i == j ? 1.0 : 0.0, dot, 12);
                }
    }

    [Fact]
    public void Reset_ForgetBias_SetsForgetBlockOfInputBiasAndClearsRecurrentOne()
    {
        int h = 4;
        var store = new ParameterStore<float>();
        var net = new Stacked<float>(store, new RecurrentOptions(CellKind.Lstm, 3, h) { Bidirectional = true });
        net.Reset(new Rng(3), forgetBias: 1.0);
        foreach (var suffix in new[] { "_l0", "_l0_reverse" })
        {
            var bih = store.Value(store["bias_ih" + suffix]);
            var bhh = store.Value(store["bias_hh" + suffix]);
            Assert.All(bih.Slice(h, h).ToArray(), v => Assert.Equal(1f, v));
            Assert.All(bhh.Slice(h, h).ToArray(), v => Assert.Equal(0f, v));
            Assert.Contains(bih[..h].ToArray(), v => v != 1f);
        }
    }

    [Fact]
    public void Reset_ForgetBiasOnGru_Throws()
    {
        var net = new Stacked<float>(new ParameterStore<float>(), new RecurrentOptions(CellKind.Gru, 3, 4));
        Assert.Throws<ArgumentException>(() => net.Reset(new Rng(4), forgetBias: 1.0));
    }

    [Fact]
    public void Stacked_ParameterNames_FollowPyTorchStateDict()
    {
        var store = new ParameterStore<float>();
        _ = new Stacked<float>(store, new RecurrentOptions(CellKind.Lstm, 3, 4) { NumLayers = 2, Bidirectional = true }, "rnn.");
        Assert.Equal(
        [
            "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
            "rnn.weight_ih_l0_reverse", "rnn.weight_hh_l0_reverse", "rnn.bias_ih_l0_reverse", "rnn.bias_hh_l0_reverse",
            "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
            "rnn.weight_ih_l1_reverse", "rnn.weight_hh_l1_reverse", "rnn.bias_ih_l1_reverse", "rnn.bias_hh_l1_reverse",
        ], store.Slots.Select(s => s.Name));
        Assert.Equal([16, 8], store["rnn.weight_ih_l1"].Shape);
    }
}
