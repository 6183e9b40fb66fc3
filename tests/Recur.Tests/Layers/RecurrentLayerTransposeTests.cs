using Recur.Cells;
using Recur.Layers;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Layers;

/// <summary>
/// A forward pass over several steps with a batch of at least 8 multiplies by a W_hhᵀ transposed once per pass;
/// one step at a time multiplies by W_hh directly. Both must give the same outputs and states.
/// </summary>
public sealed class RecurrentLayerTransposeTests
{
    private const int Steps = 5, Batch = 9, Input = 6, Hidden = 20;
    private const double Relative = 1e-12, Absolute = 1e-14;

    public static TheoryData<CellKind> Kinds()
    {
        var data = new TheoryData<CellKind>();
        foreach (var kind in CellKinds.All) data.Add(kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Forward_WholeSequence_EqualsOneStepAtATime(CellKind kind)
    {
        var store = new ParameterStore<double>();
        var layer = new RecurrentLayer<double>(store, "rnn.", "_l0", kind, Input, Hidden);
        var rng = new Rng(31 + (ulong)kind);
        Fill.Uniform(rng, store.Values, -0.4, 0.4);
        var x = Fill.Uniform<double>(rng, Steps * Batch * Input);
        int[] lengths = [5, 5, 3, 5, 1, 5, 4, 5, 2];
        int bh = Batch * Hidden;
        var h0 = Fill.Uniform<double>(rng, bh, -0.5, 0.5);
        var c0 = layer.HasCellState ? Fill.Uniform<double>(rng, bh, -0.5, 0.5) : [];

        var y = new double[Steps * bh];
        var hN = new double[bh];
        var cN = layer.HasCellState ? new double[bh] : [];
        layer.Forward(Steps, Batch, lengths, x, h0, c0, y, hN, cN, default);

        var h = (double[])h0.Clone();
        var c = (double[])c0.Clone();
        var yStep = new double[bh];
        var lengthsStep = new int[Batch];
        for (int t = 0; t < Steps; t++)
        {
            for (int b = 0; b < Batch; b++) lengthsStep[b] = t < lengths[b] ? 1 : 0;
            var hNext = new double[bh];
            var cNext = layer.HasCellState ? new double[bh] : [];
            layer.Forward(1, Batch, lengthsStep, x.AsSpan(t * Batch * Input, Batch * Input), h, c, yStep, hNext, cNext, default);
            Close.Elementwise<double, double>(y.AsSpan(t * bh, bh), yStep, Relative, Absolute, $"{kind} y[{t}]");
            h = hNext;
            c = cNext;
        }
        Close.Elementwise<double, double>(hN, h, Relative, Absolute, $"{kind} hN");
        if (layer.HasCellState) Close.Elementwise<double, double>(cN, c, Relative, Absolute, $"{kind} cN");
    }
}
