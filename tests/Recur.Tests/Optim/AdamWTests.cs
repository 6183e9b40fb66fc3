using Recur.Optim;

namespace Recur.Tests.Optim;

public sealed class AdamWTests
{
    [Theory]
    [InlineData("adamw_default")]
    [InlineData("adamw_amsgrad")]
    public void Step_TorchFixtureDouble_MatchesTorch(string name) => TorchOptimizers.AssertMatches<double>(name);

    [Theory]
    [InlineData("adamw_default")]
    [InlineData("adamw_amsgrad")]
    public void Step_TorchFixtureFloat_MatchesTorch(string name) => TorchOptimizers.AssertMatches<float>(name);

    [Fact]
    public void Options_Defaults_MatchTorch()
    {
        Assert.Equal(new AdamWOptions(), TorchOptimizers.OptionsOf(OptimFixture.Load("adamw_default")));
        Assert.Equal(1e-2, new AdamWOptions().WeightDecay);
    }

    [Fact]
    public void Step_ZeroGradient_OnlyDecaysParameters()
    {
        // m = v = 0, so the Adam term is 0/(0 + ε) = 0 and only p·(1 − lr·λ) remains.
        var adamW = new AdamW<double>(2, new AdamWOptions { LearningRate = 0.1, WeightDecay = 0.5 });
        double[] p = [2, -4];
        adamW.Step(p, [0, 0]);
        Assert.Equal([2 * 0.95, -4 * 0.95], p);
    }

    [Theory]
    [InlineData(-1e-3, 0.9, 0.999, 1e-8, 1e-2)]
    [InlineData(1e-3, 1.0, 0.999, 1e-8, 1e-2)]
    [InlineData(1e-3, 0.9, 1.5, 1e-8, 1e-2)]
    [InlineData(1e-3, 0.9, 0.999, double.NaN, 1e-2)]
    [InlineData(1e-3, 0.9, 0.999, 1e-8, -1e-2)]
    public void Constructor_InvalidOptions_Throws(double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        var options = new AdamWOptions { LearningRate = lr, Beta1 = beta1, Beta2 = beta2, Epsilon = eps, WeightDecay = weightDecay };
        Assert.ThrowsAny<ArgumentException>(() => new AdamW<double>(4, options));
    }
}
