using Recur.Cells;
using Recur.Layers;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Layers;

/// <summary>
/// Finite-difference gradient checks in double of every cell form × {one direction, bidirectional} × {1, 2 layers}
/// × {equal, mixed lengths}: gradients of the input, the initial states and every parameter.
/// Loss L = Σ y⊙dy + Σ hN⊙dhN + Σ cN⊙dcN with fixed random dy, dhN, dcN.
/// </summary>
public sealed class StackedGradientTests
{
    private const int Steps = 4, Batch = 3, Input = 3, Hidden = 3;

    public static TheoryData<CellKind, bool, int, bool> Cases()
    {
        var data = new TheoryData<CellKind, bool, int, bool>();
        foreach (var kind in CellKinds.All)
            foreach (bool bi in new[] { false, true })
                foreach (int layers in new[] { 1, 2 })
                    foreach (bool mixed in new[] { false, true })
                        data.Add(kind, bi, layers, mixed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_AnyCellDirectionDepthAndLengths_MatchesFiniteDifferences(CellKind kind, bool bidirectional, int layers, bool mixed)
    {
        var options = new RecurrentOptions(kind, Input, Hidden) { NumLayers = layers, Bidirectional = bidirectional };
        int[] lengths = mixed ? [4, 1, 3] : [4, 4, 4];
        var check = new GradientHarness(options, lengths, seed: (ulong)(1000 + (int)kind * 16 + layers * 4 + (bidirectional ? 2 : 0) + (mixed ? 1 : 0)));
        check.AssertGradients();
        if (mixed) check.AssertNoGradientAtPaddedSteps();
    }

    [Theory]
    [InlineData(CellKind.Lstm, false)]
    [InlineData(CellKind.Gru, true)]
    [InlineData(CellKind.GruResetAfter, false)]
    [InlineData(CellKind.RnnTanh, true)]
    [InlineData(CellKind.LstmPeephole, true)]
    public void Backward_WithDropoutAndRecurrentDropout_MatchesFiniteDifferences(CellKind kind, bool bidirectional)
    {
        var options = new RecurrentOptions(kind, Input, Hidden)
        {
            NumLayers = 2, Bidirectional = bidirectional, Dropout = 0.3, RecurrentDropout = 0.4,
        };
        var check = new GradientHarness(options, [4, 2, 3], seed: 77, dropoutSeed: 5);
        check.AssertGradients();
    }

    [Fact]
    public void Backward_SummedDirections_MatchesFiniteDifferences()
    {
        var options = new RecurrentOptions(CellKind.Lstm, Input, Hidden)
        {
            NumLayers = 2, Bidirectional = true, Merge = DirectionMerge.Sum,
        };
        new GradientHarness(options, [4, 2, 3], seed: 91).AssertGradients();
    }

    [Fact]
    public void Forward_PaddedSteps_OutputZeroAndFinalStateAtOwnLength()
    {
        // The final state of a sequence of length 2 padded to 4 equals that of the same sequence run alone for 2 steps.
        var options = new RecurrentOptions(CellKind.Lstm, Input, Hidden) { NumLayers = 2, Bidirectional = true };
        var store = new ParameterStore<double>();
        var net = new Stacked<double>(store, options);
        var rng = new Rng(3);
        Fill.Uniform(rng, store.Values, -0.5, 0.5);
        var x = Fill.Uniform<double>(rng, Steps * Batch * Input);
        int states = net.StateLayers * Batch * Hidden;
        var y = new double[Steps * Batch * net.OutputSize];
        var hN = new double[states];
        var cN = new double[states];
        net.Forward(Steps, Batch, [4, 2, 3], x, default, default, y, hN, cN);

        // Sequence 1 alone, 2 steps, batch 1.
        var x1 = new double[2 * Input];
        for (int t = 0; t < 2; t++) x.AsSpan((t * Batch + 1) * Input, Input).CopyTo(x1.AsSpan(t * Input));
        var y1 = new double[2 * net.OutputSize];
        var h1 = new double[net.StateLayers * Hidden];
        var c1 = new double[net.StateLayers * Hidden];
        net.Forward(2, 1, [2], x1, default, default, y1, h1, c1);

        for (int s = 0; s < net.StateLayers; s++)
        {
            Close.Elementwise<double, double>(hN.AsSpan((s * Batch + 1) * Hidden, Hidden), h1.AsSpan(s * Hidden, Hidden), 1e-12, 1e-14, $"hN[{s}]");
            Close.Elementwise<double, double>(cN.AsSpan((s * Batch + 1) * Hidden, Hidden), c1.AsSpan(s * Hidden, Hidden), 1e-12, 1e-14, $"cN[{s}]");
        }
        for (int t = 0; t < 2; t++)
            Close.Elementwise<double, double>(y.AsSpan((t * Batch + 1) * net.OutputSize, net.OutputSize),
                y1.AsSpan(t * net.OutputSize, net.OutputSize), 1e-12, 1e-14, $"y[{t}]");
        for (int t = 2; t < Steps; t++)
            Assert.All(y.AsSpan((t * Batch + 1) * net.OutputSize, net.OutputSize).ToArray(), v => Assert.Equal(0.0, v));
    }

    /// <summary>Builds a network in double with random parameters and checks analytic against numeric gradients.</summary>
    private sealed class GradientHarness
    {
        private readonly Stacked<double> _net;
        private readonly ParameterStore<double> _store;
        private readonly int[] _lengths;
        private readonly double[] _x, _h0, _c0, _dy, _dhN, _dcN, _y, _hN, _cN;
        private readonly ulong? _dropoutSeed;

        public GradientHarness(RecurrentOptions options, int[] lengths, ulong seed, ulong? dropoutSeed = null)
        {
            _store = new ParameterStore<double>();
            _net = new Stacked<double>(_store, options, "rnn.");
            _lengths = lengths;
            _dropoutSeed = dropoutSeed;
            var rng = new Rng(seed);
            Fill.Uniform(rng, _store.Values, -0.6, 0.6);
            int states = _net.StateLayers * Batch * Hidden;
            _x = Fill.Uniform<double>(rng, Steps * Batch * Input);
            _h0 = Fill.Uniform<double>(rng, states, -0.5, 0.5);
            _c0 = _net.HasCellState ? Fill.Uniform<double>(rng, states, -0.5, 0.5) : [];
            _dy = Fill.Uniform<double>(rng, Steps * Batch * _net.OutputSize);
            _dhN = Fill.Uniform<double>(rng, states);
            _dcN = _net.HasCellState ? Fill.Uniform<double>(rng, states) : [];
            _y = new double[Steps * Batch * _net.OutputSize];
            _hN = new double[states];
            _cN = _net.HasCellState ? new double[states] : [];
        }

        private double Loss()
        {
            // Dropout masks come from a fresh generator each time, so every evaluation sees the same masks.
            Rng? dropout = _dropoutSeed is ulong s ? new Rng(s) : null;
            _net.Forward(Steps, Batch, _lengths, _x, _h0, _c0, _y, _hN, _cN, dropout);
            double loss = Dot(_y, _dy) + Dot(_hN, _dhN);
            if (_net.HasCellState) loss += Dot(_cN, _dcN);
            return loss;
        }

        private static double Dot(double[] a, double[] b)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
            return s;
        }

        private (double[] Dx, double[] Dh0, double[] Dc0) Analytic()
        {
            Loss();
            _store.ZeroGradients();
            var dx = new double[_x.Length];
            var dh0 = new double[_h0.Length];
            var dc0 = new double[_c0.Length];
            _net.Backward(_x, _dy, _dhN, _dcN, dx, dh0, _net.HasCellState ? dc0 : default);
            return (dx, dh0, dc0);
        }

        private double[] Numeric(double[] values) => Numeric(values.AsSpan().Length, i => ref values[i]);

        private delegate ref double Element(int i);

        private double[] Numeric(int count, Element at)
        {
            var g = new double[count];
            double eps = Tolerances.FiniteDifferenceStep;
            for (int i = 0; i < count; i++)
            {
                double saved = at(i);
                at(i) = saved + eps;
                double plus = Loss();
                at(i) = saved - eps;
                double minus = Loss();
                at(i) = saved;
                g[i] = (plus - minus) / (2 * eps);
            }
            return g;
        }

        public void AssertGradients()
        {
            var (dx, dh0, dc0) = Analytic();
            var paramGrads = _store.Gradients.ToArray();
            AssertClose(dx, Numeric(_x), "x");
            AssertClose(dh0, Numeric(_h0), "h0");
            if (_net.HasCellState) AssertClose(dc0, Numeric(_c0), "c0");
            var values = _store;
            foreach (var slot in _store.Slots)
            {
                var numeric = Numeric(slot.Length, i => ref values.Value(slot)[i]);
                AssertClose(paramGrads.AsSpan(slot.Offset, slot.Length).ToArray(), numeric, slot.Name);
            }
        }

        public void AssertNoGradientAtPaddedSteps()
        {
            var (dx, _, _) = Analytic();
            for (int t = 0; t < Steps; t++)
                for (int b = 0; b < Batch; b++)
                    if (t >= _lengths[b])
                        Assert.All(dx.AsSpan((t * Batch + b) * Input, Input).ToArray(), v => Assert.Equal(0.0, v));
        }

        private static void AssertClose(double[] analytic, double[] numeric, string name)
        {
            double diff = 0, na = 0, nn = 0;
            int worst = -1; double worstDiff = -1;
            for (int i = 0; i < analytic.Length; i++)
            {
                double d = analytic[i] - numeric[i];
                diff += d * d; na += analytic[i] * analytic[i]; nn += numeric[i] * numeric[i];
                if (Math.Abs(d) > worstDiff) { worstDiff = Math.Abs(d); worst = i; }
            }
            double denominator = Math.Sqrt(na) + Math.Sqrt(nn);
            Assert.True(denominator > 1e-8, $"{name}: gradient is zero, the check proves nothing");
            double rel = Math.Sqrt(diff) / denominator;
            Assert.True(rel <= Tolerances.GradientCheck,
                $"{name}: relative error {rel:E3} > {Tolerances.GradientCheck:E0}; worst at {worst}: analytic {analytic[worst]:R}, numeric {numeric[worst]:R}");
        }
    }
}
