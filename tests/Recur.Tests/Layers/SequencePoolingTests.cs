using Recur.Layers;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Layers;

public sealed class SequencePoolingTests
{
    private const int Steps = 4, Batch = 3, Width = 5;
    private static readonly int[] s_lengths = [4, 2, 0];

    [Fact]
    public void MeanForward_AveragesValidStepsOnly()
    {
        var y = Fill.Uniform<double>(new Rng(1), Steps * Batch * Width);
        var output = new double[Batch * Width];
        SequencePooling.MeanForward<double>(Steps, Batch, Width, s_lengths, y, output);
        for (int j = 0; j < Width; j++)
        {
            Assert.Equal((y[j] + y[15 + j] + y[30 + j] + y[45 + j]) / 4, output[j], 14);
            Assert.Equal((y[5 + j] + y[20 + j]) / 2, output[5 + j], 14);
            Assert.Equal(0.0, output[10 + j]);
        }
    }

    [Fact]
    public void MaxForward_IgnoresPaddedSteps()
    {
        var y = new double[Steps * Batch * Width];
        Array.Fill(y, 9.0); // padded steps are large: they must not win
        for (int t = 0; t < 2; t++)
            for (int j = 0; j < Width; j++) y[(t * Batch + 1) * Width + j] = t == 0 ? j : -j;
        var output = new double[Batch * Width];
        var argmax = new int[Batch * Width];
        SequencePooling.MaxForward<double>(Steps, Batch, Width, s_lengths, y, output, argmax);
        Assert.Equal([0.0, 1, 2, 3, 4], output.AsSpan(Width, Width).ToArray());
        Assert.Equal([0, 0, 0, 0, 0], argmax.AsSpan(Width, Width).ToArray());
        Assert.Equal(new double[Width], output.AsSpan(2 * Width, Width).ToArray());
        Assert.All(argmax.AsSpan(2 * Width, Width).ToArray(), a => Assert.Equal(-1, a));
    }

    [Theory]
    [InlineData(Pooling.Mean)]
    [InlineData(Pooling.Max)]
    public void Backward_MatchesFiniteDifferences(Pooling pooling)
    {
        var rng = new Rng(7);
        var y = Fill.Uniform<double>(rng, Steps * Batch * Width);
        var weights = Fill.Uniform<double>(rng, Batch * Width);
        var output = new double[Batch * Width];
        var argmax = new int[Batch * Width];
        // L = Σ output ⊙ weights, so ∂L/∂output = weights.
        double Loss()
        {
            if (pooling == Pooling.Mean) SequencePooling.MeanForward<double>(Steps, Batch, Width, s_lengths, y, output);
            else SequencePooling.MaxForward<double>(Steps, Batch, Width, s_lengths, y, output, argmax);
            double sum = 0;
            for (int i = 0; i < output.Length; i++) sum += output[i] * weights[i];
            return sum;
        }
        Loss();
        var dy = new double[y.Length];
        if (pooling == Pooling.Mean) SequencePooling.MeanBackward<double>(Steps, Batch, Width, s_lengths, weights, dy);
        else SequencePooling.MaxBackward<double>(Steps, Batch, Width, argmax, weights, dy);
        ParameterGradientCheck.Check(y, dy, Loss, $"{pooling} pooling");
        // Padded steps get no gradient.
        for (int t = 2; t < Steps; t++) Assert.All(dy.AsSpan((t * Batch + 1) * Width, Width).ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Forward_LengthOutOfRange_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SequencePooling.MeanForward<double>(2, 1, 1, [3], new double[2], new double[1]));
        Assert.Contains("Length 3", e.Message);
    }
}
