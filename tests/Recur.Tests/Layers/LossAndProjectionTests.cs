using System.Numerics;
using Recur.Layers;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Layers;

/// <summary>Embedding, Linear, the losses, the many-to-one read-out and dropout: torch fixtures and finite differences.</summary>
public sealed class LossAndProjectionTests
{
    [Fact]
    public void SoftmaxCrossEntropy_MeanAndSumWithIgnoredRow_MatchTorch()
    {
        var f = Fixture.Load("layers", "losses.json");
        int[] shape = f.Shape("logits");
        int rows = shape[0], classes = shape[1];
        var logits = f.Get<double>("logits");
        var targets = f.GetInts("targets");
        Assert.Contains(-100, targets);
        foreach (var (reduction, name) in new[] { (Reduction.Mean, "mean"), (Reduction.Sum, "sum") })
        {
            var loss = new SoftmaxCrossEntropy<double> { Reduction = reduction };
            var d = new double[rows * classes];
            double value = loss.Compute(rows, classes, logits, targets, d);
            Close.Elementwise<double, double>([value], f.Get<double>($"ce.{name}.loss"), 1e-12, 1e-14, $"ce.{name}.loss");
            Close.Elementwise<double, double>(d, f.Get<double>($"ce.{name}.grad.logits"), 1e-10, 1e-14, $"ce.{name}.grad");
            Assert.Equal(value, loss.Compute(rows, classes, logits, targets, default), 12);
        }
    }

    [Fact]
    public void SigmoidBinaryCrossEntropy_MeanAndSum_MatchTorch()
    {
        var f = Fixture.Load("layers", "losses.json");
        int[] shape = f.Shape("logits");
        int rows = shape[0], classes = shape[1];
        var logits = f.Get<double>("logits");
        var targets = f.Get<double>("bce.targets");
        foreach (var (reduction, name) in new[] { (Reduction.Mean, "mean"), (Reduction.Sum, "sum") })
        {
            var loss = new SigmoidBinaryCrossEntropy<double> { Reduction = reduction };
            var d = new double[rows * classes];
            double value = loss.Compute(rows, classes, logits, targets, default, d);
            Close.Elementwise<double, double>([value], f.Get<double>($"bce.{name}.loss"), 1e-12, 1e-14, $"bce.{name}.loss");
            Close.Elementwise<double, double>(d, f.Get<double>($"bce.{name}.grad.logits"), 1e-10, 1e-14, $"bce.{name}.grad");
        }
    }

    [Fact]
    public void SigmoidBinaryCrossEntropy_LargeLogits_StaysFinite()
    {
        var loss = new SigmoidBinaryCrossEntropy<float>();
        float value = loss.Compute(1, 4, [1000f, -1000f, 1000f, -1000f], [1f, 0f, 0f, 1f], default, default);
        Assert.True(float.IsFinite(value));
        Assert.Equal(500f, value, 1e-3f); // two terms of 1000, mean over 4
    }

    [Fact]
    public void SoftmaxCrossEntropy_TargetOutOfRange_Throws()
    {
        var loss = new SoftmaxCrossEntropy<float>();
        var e = Assert.Throws<ArgumentException>(() => loss.Compute(1, 3, [0f, 1f, 2f], [3], default));
        Assert.Contains("Target 3", e.Message);
    }

    [Fact]
    public void EmbeddingThenLinear_ForwardBackward_MatchTorch()
    {
        var f = Fixture.Load("layers", "embedding_linear.json");
        var store = new ParameterStore<float>();
        int[] eShape = f.Shape("embedding.weight"), lShape = f.Shape("linear.weight");
        var embedding = new Embedding<float>(store, "embedding.", eShape[0], eShape[1]);
        var linear = new Linear<float>(store, "linear.", lShape[1], lShape[0]);
        foreach (var slot in store.Slots) f.Get<float>(slot.Name).CopyTo(store.Value(slot));
        var ids = f.GetInts("ids");
        int rows = ids.Length;
        var emb = new float[rows * embedding.Dimension];
        var output = new float[rows * linear.OutputSize];
        embedding.Forward(ids, emb);
        linear.Forward(rows, emb, output);
        Close.RelativeNorm<float, double>(emb, f.Get<double>("emb"), Tolerances.TorchFloat32, "emb");
        Close.RelativeNorm<float, double>(output, f.Get<double>("out"), Tolerances.TorchFloat32, "out");
        store.ZeroGradients();
        var dEmb = new float[emb.Length];
        linear.Backward(rows, emb, f.Get<float>("dout"), dEmb);
        embedding.Backward(ids, dEmb);
        foreach (var slot in store.Slots)
            Close.RelativeNorm<float, double>(store.Gradient(slot), f.Get<double>("grad." + slot.Name), Tolerances.TorchFloat32, slot.Name);
    }

    [Fact]
    public void EmbeddingLinearCrossEntropy_Backward_MatchesFiniteDifferences()
    {
        // ids → Embedding → Linear → softmax CE (mean, one ignored row), all in double.
        var rng = new Rng(11);
        var store = new ParameterStore<double>();
        var embedding = new Embedding<double>(store, "e.", 7, 4, paddingIndex: 0);
        var linear = new Linear<double>(store, "l.", 4, 5);
        embedding.Reset(rng);
        linear.Reset(rng);
        int[] ids = [1, 3, 0, 6, 3, 2];
        int[] targets = [4, 0, -100, 2, 1, 3];
        var loss = new SoftmaxCrossEntropy<double>();
        var emb = new double[ids.Length * 4];
        var logits = new double[ids.Length * 5];
        double Loss()
        {
            embedding.Forward(ids, emb);
            linear.Forward(ids.Length, emb, logits);
            return loss.Compute(ids.Length, 5, logits, targets, default);
        }
        Loss();
        store.ZeroGradients();
        var dLogits = new double[logits.Length];
        loss.Compute(ids.Length, 5, logits, targets, dLogits);
        var dEmb = new double[emb.Length];
        linear.Backward(ids.Length, emb, dLogits, dEmb);
        embedding.Backward(ids, dEmb);
        var analytic = store.Gradients.ToArray();
        var numeric = NumericGradient(store.Values.Length, i => ref store.Values[i], Loss);
        // The padding row gets no gradient in either; compare everything else.
        for (int j = 0; j < 4; j++) { Assert.Equal(0.0, analytic[j]); numeric[j] = 0; }
        AssertGradient(analytic, numeric, "parameters");
    }

    [Fact]
    public void SigmoidBinaryCrossEntropyWithRowMask_Backward_MatchesFiniteDifferences()
    {
        var rng = new Rng(12);
        var logits = Fill.Uniform<double>(rng, 4 * 3, -3, 3);
        double[] targets = [1, 0, 1, 0, 0, 1, 1, 1, 0, 0.25, 0.5, 1];
        bool[] mask = [true, false, true, true];
        var loss = new SigmoidBinaryCrossEntropy<double>();
        var d = new double[logits.Length];
        loss.Compute(4, 3, logits, targets, mask, d);
        var numeric = NumericGradient(logits.Length, i => ref logits[i], () => loss.Compute(4, 3, logits, targets, mask, default));
        AssertGradient(d, numeric, "logits");
        Assert.All(d.AsSpan(3, 3).ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void LastStepReadout_PicksEachSequencesLastValidStep_AndBackwardIsItsAdjoint()
    {
        int steps = 3, batch = 3, width = 2;
        var rng = new Rng(13);
        var y = Fill.Uniform<double>(rng, steps * batch * width);
        int[] lengths = [3, 1, 0];
        var output = new double[batch * width];
        LastStepReadout.Forward(steps, batch, width, lengths, y, output);
        Assert.Equal(y.AsSpan((2 * batch + 0) * width, width).ToArray(), output.AsSpan(0, width).ToArray());
        Assert.Equal(y.AsSpan((0 * batch + 1) * width, width).ToArray(), output.AsSpan(width, width).ToArray());
        Assert.Equal(new double[width], output.AsSpan(2 * width, width).ToArray());
        // <R(y), u> = <y, Rᵀ(u)> for random u: the backward pass is the adjoint of the forward pass.
        var u = Fill.Uniform<double>(rng, batch * width);
        var dy = new double[y.Length];
        LastStepReadout.Backward(steps, batch, width, lengths, u, dy);
        double left = 0, right = 0;
        for (int i = 0; i < u.Length; i++) left += output[i] * u[i];
        for (int i = 0; i < y.Length; i++) right += y[i] * dy[i];
        Assert.Equal(left, right, 12);
    }

    [Fact]
    public void Dropout_Training_ZeroesAboutPAndKeepsExpectation()
    {
        var dropout = new Dropout<double>(0.25);
        var x = Enumerable.Repeat(1.0, 20000).ToArray();
        var y = new double[x.Length];
        dropout.Forward(x, y, new Rng(14));
        double zeros = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(zeros, 0.23, 0.27);
        Assert.InRange(y.Average(), 0.97, 1.03);
        var dx = new double[x.Length];
        dropout.Backward(x, dx);
        Assert.Equal(y, dx);
        dropout.Forward(x, y, null);
        Assert.Equal(x, y);
    }

    private delegate ref double Element(int i);

    private static double[] NumericGradient(int count, Element at, Func<double> loss)
    {
        var g = new double[count];
        double eps = Tolerances.FiniteDifferenceStep;
        for (int i = 0; i < count; i++)
        {
            double saved = at(i);
            at(i) = saved + eps; double plus = loss();
            at(i) = saved - eps; double minus = loss();
            at(i) = saved;
            g[i] = (plus - minus) / (2 * eps);
        }
        return g;
    }

    private static void AssertGradient(double[] analytic, double[] numeric, string name)
    {
        double diff = 0, na = 0, nn = 0;
        for (int i = 0; i < analytic.Length; i++)
        {
            diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
            na += analytic[i] * analytic[i];
            nn += numeric[i] * numeric[i];
        }
        double rel = Math.Sqrt(diff) / (Math.Sqrt(na) + Math.Sqrt(nn));
        Assert.True(rel <= Tolerances.GradientCheck, $"{name}: relative error {rel:E3}");
    }
}
