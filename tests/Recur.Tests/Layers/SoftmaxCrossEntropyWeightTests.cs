using Recur.Layers;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Layers;

public sealed class SoftmaxCrossEntropyWeightTests
{
    [Fact]
    public void Compute_ClassWeights_IsPyTorchsWeightedMean()
    {
        // Two rows over three classes, one ignored row; weights w = (0.5, 2, 1).
        double[] logits = [1, 2, 3, 0, 0, 0, 5, 5, 5];
        int[] targets = [2, 1, -100];
        double[] w = [0.5, 2, 1];
        var loss = new SoftmaxCrossEntropy<double> { ClassWeights = w };
        double l0 = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)) - 3, l1 = Math.Log(3);
        // L = (w[2]·l0 + w[1]·l1) / (w[2] + w[1])
        Assert.Equal((1 * l0 + 2 * l1) / 3, loss.Compute(3, 3, logits, targets, default), 12);
        var sum = new SoftmaxCrossEntropy<double> { ClassWeights = w, Reduction = Reduction.Sum };
        Assert.Equal(1 * l0 + 2 * l1, sum.Compute(3, 3, logits, targets, default), 12);
        // Equal weights give the unweighted mean.
        var ones = new SoftmaxCrossEntropy<double> { ClassWeights = new double[] { 3, 3, 3 } };
        Assert.Equal(new SoftmaxCrossEntropy<double>().Compute(3, 3, logits, targets, default), ones.Compute(3, 3, logits, targets, default), 12);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void Compute_ClassWeights_GradientMatchesFiniteDifferences(Reduction reduction)
    {
        var rng = new Rng(3);
        var logits = Fill.Uniform<double>(rng, 5 * 4, -2, 2);
        int[] targets = [0, 3, -100, 1, 3];
        var loss = new SoftmaxCrossEntropy<double> { ClassWeights = new double[] { 0.3, 1.7, 1, 2.5 }, Reduction = reduction };
        var d = new double[logits.Length];
        loss.Compute(5, 4, logits, targets, d);
        ParameterGradientCheck.Check(logits, d, () => loss.Compute(5, 4, logits, targets, default), "logits");
        Assert.All(d.AsSpan(8, 4).ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Compute_WrongNumberOfWeights_Throws()
    {
        var loss = new SoftmaxCrossEntropy<double> { ClassWeights = new double[] { 1, 2 } };
        Assert.Throws<ArgumentException>(() => loss.Compute(1, 3, [0.0, 1, 2], [0], default));
    }
}
