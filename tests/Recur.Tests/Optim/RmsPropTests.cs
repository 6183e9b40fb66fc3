using Recur.Optim;

namespace Recur.Tests.Optim;

public sealed class RmsPropTests
{
    [Theory]
    [InlineData("rmsprop_default")]
    [InlineData("rmsprop_centered_momentum")]
    public void Step_TorchFixtureDouble_MatchesTorch(string name) => TorchOptimizers.AssertMatches<double>(name);

    [Theory]
    [InlineData("rmsprop_default")]
    [InlineData("rmsprop_centered_momentum")]
    public void Step_TorchFixtureFloat_MatchesTorch(string name) => TorchOptimizers.AssertMatches<float>(name);

    [Fact]
    public void Options_Defaults_MatchTorch() =>
        Assert.Equal(new RmsPropOptions(), TorchOptimizers.OptionsOf(OptimFixture.Load("rmsprop_default")));

    [Fact]
    public void Step_FirstStep_AddsEpsilonOutsideSquareRoot()
    {
        // s = (1 − α)·g², p = −lr·g / (√s + ε) = −5; with ε inside the root it would be about −0.1.
        var options = new RmsPropOptions { LearningRate = 1, Alpha = 0.99, Epsilon = 1e-4 };
        var rms = new RmsProp<double>(1, options);
        double[] p = [0];
        rms.Step(p, [1e-3]);
        double expected = -1e-3 / (Math.Sqrt(0.01 * 1e-6) + 1e-4);
        OptimAssert.Close<double>(p, [expected], Tolerance.TorchFloat64, "first step");
    }

    [Fact]
    public void Constructor_CenteredMomentum_AddsBuffers() =>
        Assert.Equal(["square_avg", "momentum_buffer", "grad_avg"],
            new RmsProp<float>(5, new RmsPropOptions { Centered = true, Momentum = 0.9 }).StateBuffers.Select(s => s.Name));

    [Theory]
    [InlineData(-1e-2, 0.99, 1e-8, 0, 0)]
    [InlineData(1e-2, -0.99, 1e-8, 0, 0)]
    [InlineData(1e-2, 0.99, -1e-8, 0, 0)]
    [InlineData(1e-2, 0.99, 1e-8, -1, 0)]
    [InlineData(1e-2, 0.99, 1e-8, 0, -0.9)]
    public void Constructor_InvalidOptions_Throws(double lr, double alpha, double eps, double weightDecay, double momentum)
    {
        var options = new RmsPropOptions { LearningRate = lr, Alpha = alpha, Epsilon = eps, WeightDecay = weightDecay, Momentum = momentum };
        Assert.ThrowsAny<ArgumentException>(() => new RmsProp<double>(4, options));
    }
}
