using Recur.Optim;

namespace Recur.Tests.Optim;

public sealed class SgdTests
{
    [Theory]
    [InlineData("sgd_plain")]
    [InlineData("sgd_momentum_weight_decay")]
    [InlineData("sgd_nesterov")]
    [InlineData("sgd_dampening")]
    public void Step_TorchFixtureDouble_MatchesTorch(string name) => TorchOptimizers.AssertMatches<double>(name);

    [Theory]
    [InlineData("sgd_plain")]
    [InlineData("sgd_momentum_weight_decay")]
    [InlineData("sgd_nesterov")]
    [InlineData("sgd_dampening")]
    public void Step_TorchFixtureFloat_MatchesTorch(string name) => TorchOptimizers.AssertMatches<float>(name);

    [Fact]
    public void Step_FirstMomentumStep_CopiesGradientIntoBuffer()
    {
        var sgd = new Sgd<double>(2, new SgdOptions { LearningRate = 0.5, Momentum = 0.9, Dampening = 0.5 });
        double[] p = [1, 2];
        sgd.Step(p, [0.25, -4]);
        // b = g (no dampening on the first step); p = p − lr·b
        Assert.Equal([0.25, -4], sgd.StateBuffers[0].Buffer);
        Assert.Equal([0.875, 4], p);
        sgd.Step(p, [1, 1]);
        // b = 0.9·b + 0.5·g
        Assert.Equal([0.9 * 0.25 + 0.5, 0.9 * -4 + 0.5], sgd.StateBuffers[0].Buffer);
    }

    [Fact]
    public void Constructor_Defaults_HaveNoStateWithoutMomentum()
    {
        var sgd = new Sgd<float>(10);
        Assert.Empty(sgd.StateBuffers);
        Assert.Equal(1e-3, sgd.LearningRate);
        Assert.Equal("momentum_buffer", Assert.Single(new Sgd<float>(10, new SgdOptions { Momentum = 0.9 }).StateBuffers).Name);
    }

    [Fact]
    public void Options_Defaults_MatchTorch()
    {
        // torch 1.13's SGD has no default learning rate, so only the rest is compared.
        var torch = (SgdOptions)TorchOptimizers.OptionsOf(OptimFixture.Load("sgd_plain"));
        Assert.Equal(new SgdOptions() with { LearningRate = torch.LearningRate }, torch);
    }

    [Theory]
    [InlineData(-0.1, 0, 0, 0, false)]
    [InlineData(double.NaN, 0, 0, 0, false)]
    [InlineData(0.1, -0.9, 0, 0, false)]
    [InlineData(0.1, 0, 0, -1e-2, false)]
    [InlineData(0.1, 0, double.PositiveInfinity, 0, false)]
    [InlineData(0.1, 0, 0, 0, true)]
    [InlineData(0.1, 0.9, 0.1, 0, true)]
    public void Constructor_InvalidOptions_Throws(double lr, double momentum, double dampening, double weightDecay, bool nesterov)
    {
        var options = new SgdOptions
        {
            LearningRate = lr, Momentum = momentum, Dampening = dampening, WeightDecay = weightDecay, Nesterov = nesterov,
        };
        Assert.ThrowsAny<ArgumentException>(() => new Sgd<double>(4, options));
    }
}
