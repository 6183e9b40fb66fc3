using Recur.Optim;

namespace Recur.Tests.Optim;

public sealed class AdamTests
{
    [Theory]
    [InlineData("adam_default")]
    [InlineData("adam_weight_decay_amsgrad")]
    public void Step_TorchFixtureDouble_MatchesTorch(string name) => TorchOptimizers.AssertMatches<double>(name);

    [Theory]
    [InlineData("adam_default")]
    [InlineData("adam_weight_decay_amsgrad")]
    public void Step_TorchFixtureFloat_MatchesTorch(string name) => TorchOptimizers.AssertMatches<float>(name);

    [Fact]
    public void Options_Defaults_MatchTorch() =>
        Assert.Equal(new AdamOptions(), TorchOptimizers.OptionsOf(OptimFixture.Load("adam_default")));

    [Fact]
    public void Step_FirstStep_MovesEachParameterByLearningRate()
    {
        // After bias correction the first step is lr·g/(|g| + ε): almost exactly lr against the gradient's sign.
        var adam = new Adam<double>(3, new AdamOptions { LearningRate = 0.01 });
        double[] p = [0, 0, 0];
        adam.Step(p, [3, -0.5, 1e-3]);
        OptimAssert.Close<double>(p, [-0.01, 0.01, -0.01], new Tolerance(1e-5, 0), "first step");
    }

    [Fact]
    public void Constructor_AmsGrad_AddsMaxBuffer()
    {
        Assert.Equal(["exp_avg", "exp_avg_sq"], new Adam<float>(5).StateBuffers.Select(s => s.Name));
        Assert.Equal(["exp_avg", "exp_avg_sq", "max_exp_avg_sq"],
            new Adam<float>(5, new AdamOptions { AmsGrad = true }).StateBuffers.Select(s => s.Name));
    }

    [Theory]
    [InlineData(-1e-3, 0.9, 0.999, 1e-8, 0)]
    [InlineData(1e-3, 1.0, 0.999, 1e-8, 0)]
    [InlineData(1e-3, -0.1, 0.999, 1e-8, 0)]
    [InlineData(1e-3, 0.9, 1.0, 1e-8, 0)]
    [InlineData(1e-3, 0.9, double.NaN, 1e-8, 0)]
    [InlineData(1e-3, 0.9, 0.999, -1e-8, 0)]
    [InlineData(1e-3, 0.9, 0.999, 1e-8, -1e-2)]
    public void Constructor_InvalidOptions_Throws(double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        var options = new AdamOptions { LearningRate = lr, Beta1 = beta1, Beta2 = beta2, Epsilon = eps, WeightDecay = weightDecay };
        Assert.ThrowsAny<ArgumentException>(() => new Adam<double>(4, options));
    }
}
