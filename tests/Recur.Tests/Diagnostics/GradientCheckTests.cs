using Recur.Cells;
using Recur.Diagnostics;
using Recur.Layers;
using Recur.Models;
using Recur.Tests.TestSupport;
using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Diagnostics;

public sealed class GradientCheckTests
{
    private const int Steps = 5, Batch = 3, Input = 3, Hidden = 4;

    public static TheoryData<CellKind, bool, int> RealLayers()
    {
        var data = new TheoryData<CellKind, bool, int>();
        foreach (var kind in CellKinds.All)
            foreach (bool bi in new[] { false, true })
                foreach (int layers in new[] { 1, 2 })
                    data.Add(kind, bi, layers);
        return data;
    }

    [Theory]
    [MemberData(nameof(RealLayers))]
    public void Check_EveryRealCellDirectionAndDepth_Passes(CellKind kind, bool bidirectional, int layers)
    {
        var net = new Stacked<double>(new ParameterStore<double>(), new RecurrentOptions(kind, Input, Hidden) { NumLayers = layers, Bidirectional = bidirectional }, "rnn.");
        net.Reset(new Rng(11));
        var report = GradientCheck.Check(net, new GradientCheckInput(Steps, Batch) { Lengths = [5, 2, 4], Seed = 3 });

        AssertPassed(report);
        // x, h0, (c0), and every parameter tensor, each fully checked.
        Assert.Equal(2 + (kind.HasCellState() ? 1 : 0) + net.Store.Slots.Count, report.Tensors.Count);
        Assert.Contains(report.Tensors, t => t.Name == "rnn.weight_hh_l0");
        Assert.All(report.Tensors, t => Assert.True(t.Checked > 0));
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.GruResetAfter)]
    public void Check_SingleLayerAndBidirectionalBlock_Pass(CellKind kind)
    {
        var store = new ParameterStore<double>();
        var layer = new RecurrentLayer<double>(store, "", "_l0", kind, Input, Hidden, reverse: true);
        Fill.Uniform(new Rng(5), store.Values, -0.5, 0.5);
        AssertPassed(GradientCheck.Check(layer, store, new GradientCheckInput(Steps, Batch) { Lengths = [1, 5, 3] }));

        var biStore = new ParameterStore<double>();
        var bi = new Bidirectional<double>(biStore, "", "_l0", kind, Input, Hidden, DirectionMerge.Sum);
        Fill.Uniform(new Rng(6), biStore.Values, -0.5, 0.5);
        AssertPassed(GradientCheck.Check(bi, biStore, new GradientCheckInput(Steps, Batch)));
    }

    [Fact]
    public void Check_WithDropoutMasks_Passes()
    {
        var options = new RecurrentOptions(CellKind.Gru, Input, Hidden) { NumLayers = 2, Dropout = 0.3, RecurrentDropout = 0.4 };
        var net = new Stacked<double>(new ParameterStore<double>(), options, "rnn.");
        net.Reset(new Rng(2));
        AssertPassed(GradientCheck.Check(net, new GradientCheckInput(Steps, Batch) { DropoutSeed = 9 }));
    }

    [Fact]
    public void Check_CorrectTestLayer_Passes()
    {
        // The injected-bug tests below prove something only if the same layer passes without the bug.
        AssertPassed(CheckBuggy(InjectedBug.None));
    }

    [Fact]
    public void Check_WrongTanhDerivative_FailsOnEveryGradient()
    {
        var report = CheckBuggy(InjectedBug.TanhDerivative);
        Assert.False(report.Passed);
        foreach (var tensor in report.Tensors)
            Assert.True(tensor.RelativeError > 1e-3, $"{tensor.Name}: relative error {tensor.RelativeError:E2} does not show the bug");
    }

    [Fact]
    public void Check_RecurrentWeightSkipsFirstStep_FailsOnlyOnThatTensor()
    {
        var report = CheckBuggy(InjectedBug.RecurrentWeightSkipsFirstStep);
        Assert.False(report.Passed);
        var failure = Assert.Single(report.Failures);
        Assert.Equal("weight_hh_l0", failure.Name);
        Assert.True(failure.RelativeError > 1e-3, $"relative error {failure.RelativeError:E2}");
        // The worst element is one the bug changed: its analytic value differs from the numeric one.
        Assert.True(Math.Abs(failure.WorstAnalytic - failure.WorstNumeric) > 1e-4);
    }

    [Fact]
    public void Check_LanguageModel_Passes()
    {
        var model = new LanguageModel<double>(new LanguageModelOptions(6) { Cell = CellKind.LstmPeephole, EmbeddingSize = 3, HiddenSize = 4, NumLayers = 2 });
        model.Reset(new Rng(4));
        var batch = new TokenBatch();
        batch.EnsureCapacity(Steps, 2);
        var rng = new Rng(8);
        for (int i = 0; i < Steps * 2; i++) { batch.Inputs[i] = rng.NextInt(6); batch.Targets[i] = rng.NextInt(6); }
        batch.Lengths[0] = Steps; batch.Lengths[1] = 3;
        for (int t = 3; t < Steps; t++) batch.Targets[t * 2 + 1] = TokenBatch.IgnoreTarget;

        var report = GradientCheck.Check(model, batch);

        AssertPassed(report);
        Assert.Equal(model.Store.Slots.Select(s => s.Name), report.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void Compare_MaxElements_ChecksASampleOfThatSize()
    {
        var values = Fill.Uniform<double>(new Rng(1), 50);
        double Loss() => values.Sum(v => v * v * v);
        var analytic = values.Select(v => 3 * v * v).ToArray();

        var all = GradientCheck.Compare("v", "[50]", values, analytic, Loss, new GradientCheckOptions());
        var sample = GradientCheck.Compare("v", "[50]", values, analytic, Loss, new GradientCheckOptions { MaxElements = 7 });

        Assert.Equal(50, all.Checked);
        Assert.Equal(7, sample.Checked);
        Assert.True(all.Passed(GradientCheck.DefaultTolerance) && sample.Passed(GradientCheck.DefaultTolerance));
    }

    [Fact]
    public void Compare_NaNGradient_Fails()
    {
        var values = new[] { 0.5, 1.5 };
        var check = GradientCheck.Compare("v", "[2]", values, [double.NaN, 3.0], () => values[0] + 3 * values[1], new GradientCheckOptions());
        Assert.False(check.Passed(GradientCheck.DefaultTolerance));
        Assert.Equal(0, check.WorstIndex);
    }

    private static GradientCheckReport CheckBuggy(InjectedBug bug)
    {
        var store = new ParameterStore<double>();
        var layer = new BuggyRnnLayer(store, Input, Hidden, bug);
        Fill.Uniform(new Rng(21), store.Values, -0.6, 0.6);
        return GradientCheck.Check(layer, store, new GradientCheckInput(Steps, Batch));
    }

    private static void AssertPassed(GradientCheckReport report)
    {
        var failures = report.Failures.Select(f => $"{f.Name}: {f.RelativeError:E2}").ToArray();
        Assert.True(failures.Length == 0, "failed: " + string.Join("; ", failures));
    }
}
