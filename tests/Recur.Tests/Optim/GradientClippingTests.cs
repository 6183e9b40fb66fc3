using System.Numerics;
using Recur.Optim;

namespace Recur.Tests.Optim;

public sealed class GradientClippingTests
{
    [Theory]
    [InlineData("clip_grad_norm_clipping")]
    [InlineData("clip_grad_norm_not_clipping")]
    public void ClipByGlobalNorm_TorchFixtureDouble_MatchesTorch(string name) => AssertNormMatches<double>(name);

    [Theory]
    [InlineData("clip_grad_norm_clipping")]
    [InlineData("clip_grad_norm_not_clipping")]
    public void ClipByGlobalNorm_TorchFixtureFloat_MatchesTorch(string name) => AssertNormMatches<float>(name);

    [Fact]
    public void ClipByValue_TorchFixtureDouble_MatchesTorch() => AssertValueMatches<double>();

    [Fact]
    public void ClipByValue_TorchFixtureFloat_MatchesTorch() => AssertValueMatches<float>();

    [Fact]
    public void ClipByGlobalNorm_NormBelowMax_LeavesGradientsAlone()
    {
        double[] g = [3, 4];
        Assert.Equal(5.0, GradientClipping.ClipByGlobalNorm<double>(g, 6.0));
        Assert.Equal([3.0, 4.0], g);
    }

    [Fact]
    public void ClipByGlobalNorm_NormAboveMax_ScalesByTorchFactor()
    {
        double[] g = [3, 4];
        Assert.Equal(5.0, GradientClipping.ClipByGlobalNorm<double>(g, 1.0));
        double scale = 1.0 / (5.0 + GradientClipping.NormEpsilon);
        Assert.Equal([3 * scale, 4 * scale], g);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ClipByGlobalNorm_NonFiniteGradient_ReturnsNormWithoutScaling(double bad)
    {
        double[] g = [3, bad, 4];
        double norm = GradientClipping.ClipByGlobalNorm<double>(g, 1.0);
        Assert.False(double.IsFinite(norm));
        Assert.Equal(double.IsNaN(bad), double.IsNaN(norm));
        Assert.Equal([3.0, bad, 4.0], g);
    }

    [Fact]
    public void ClipByGlobalNorm_FloatNormBeyondFloatRange_ReturnsInfinityWithoutScaling()
    {
        float[] g = [3e38f, 3e38f, -3e38f];
        Assert.Equal(float.PositiveInfinity, GradientClipping.ClipByGlobalNorm<float>(g, 1f));
        Assert.Equal([3e38f, 3e38f, -3e38f], g);
    }

    [Theory]
    [InlineData(1e300)]
    [InlineData(1e-300)]
    [InlineData(5e-324)]
    public void GlobalNorm_ExtremeDoubles_NoOverflowOrUnderflow(double magnitude)
    {
        // n equal magnitudes: the norm is magnitude·√n, whose square is far outside double's range.
        double[] g = Enumerable.Range(0, 37).Select(i => i % 2 == 0 ? magnitude : -magnitude).ToArray();
        double expected = magnitude * Math.Sqrt(g.Length);
        OptimAssert.Close<double>([GradientClipping.GlobalNorm<double>(g)], [expected], new Tolerance(1e-15, 0), "norm");
    }

    [Fact]
    public void GlobalNorm_Empty_IsZero()
    {
        Assert.Equal(0.0, GradientClipping.GlobalNorm<double>([]));
        Assert.Equal(0.0, GradientClipping.ClipByGlobalNorm<double>([], 1.0));
    }

    [Fact]
    public void SumOfSquares_VectorPathDouble_EqualsReference() => AssertSumMatchesReference<double>();

    [Fact]
    public void SumOfSquares_VectorPathFloat_EqualsReference() => AssertSumMatchesReference<float>();

    [Fact]
    public void ClipByGlobalNorm_SteadyState_AllocatesNothing()
    {
        float[] g = Enumerable.Range(0, 1000).Select(i => (float)Math.Sin(i)).ToArray();
        GradientClipping.ClipByGlobalNorm<float>(g, 1f);
        GradientClipping.ClipByValue<float>(g, 0.01f);
        long before = GC.GetAllocatedBytesForCurrentThread();
        GradientClipping.ClipByGlobalNorm<float>(g, 0.5f);
        GradientClipping.ClipByValue<float>(g, 0.001f);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void ClipByGlobalNorm_InvalidMaxNorm_Throws(double maxNorm) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm<double>(new double[3], maxNorm));

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void ClipByValue_InvalidClipValue_Throws(double clipValue) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByValue<double>(new double[3], clipValue));

    [Fact]
    public void ClipByValue_NaN_StaysNaN()
    {
        double[] g = [double.NaN, 2, -2, 0.5];
        GradientClipping.ClipByValue<double>(g, 1);
        Assert.True(double.IsNaN(g[0]));
        Assert.Equal([1.0, -1.0, 0.5], g[1..]);
    }

    private static void AssertNormMatches<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = OptimFixture.Load(name);
        T maxNorm = T.CreateChecked(fixture.Header("kwargs").GetProperty("max_norm").GetDouble());
        T[][] inputs = fixture.Arrays<T>("inputs");
        double[][] outputs = fixture.Expected<T>("outputs");
        double[] norms = fixture.Numbers<T>("norms");
        for (int i = 0; i < inputs.Length; i++)
        {
            T norm = GradientClipping.ClipByGlobalNorm<T>(inputs[i], maxNorm);
            string what = $"{name} {typeof(T).Name} case {i}";
            OptimAssert.Close<T>([norm], [norms[i]], Tolerance.For<T>(), what + " norm");
            OptimAssert.Close<T>(inputs[i], outputs[i], Tolerance.For<T>(), what + " gradients");
        }
    }

    private static void AssertValueMatches<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = OptimFixture.Load("clip_grad_value");
        T clipValue = T.CreateChecked(fixture.Header("kwargs").GetProperty("clip_value").GetDouble());
        T[][] inputs = fixture.Arrays<T>("inputs");
        double[][] outputs = fixture.Expected<T>("outputs");
        for (int i = 0; i < inputs.Length; i++)
        {
            GradientClipping.ClipByValue<T>(inputs[i], clipValue);
            // Clamping only selects values, so the result is exact.
            OptimAssert.Close<T>(inputs[i], outputs[i], new Tolerance(0, 0), $"clip_grad_value {typeof(T).Name} case {i}");
        }
    }

    /// <summary>Every length from 0 to 3·8 + 1 at offsets 0..3: the vector sum has the reference's bits.</summary>
    private static void AssertSumMatchesReference<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(99);
        for (int length = 0; length <= 3 * 8 + 1; length++)
        {
            for (int offset = 0; offset < 4; offset++)
            {
                var x = new T[offset + length];
                for (int i = 0; i < x.Length; i++) x[i] = T.CreateChecked(rng.NextDouble() * 4 - 2);
                ReadOnlySpan<T> span = x.AsSpan(offset, length);
                double vector = GradientClipping.SumOfSquares(span);
                double reference = GradientClipping.ReferenceSumOfSquares(span, divisor: 1.0);
                Assert.True(vector.Equals(reference), $"{typeof(T).Name} length {length} offset {offset}: {vector:R} vs {reference:R}");
                Assert.Equal(GradientClipping.GlobalNormDouble(span, scalarOnly: true), GradientClipping.GlobalNormDouble(span, scalarOnly: false));
            }
        }
    }
}
