using System.Runtime.Intrinsics;
using Recur.Kernels;

namespace Recur.Tests.Kernels;

/// <summary>σ and tanh of <see cref="VectorMath"/> against double precision, and every width against the scalar form.</summary>
public class VectorMathTests
{
    // Within 4 ulp of the exact value, relative to the result (float's ulp is 2^-23 of the leading power of two).
    private const double Ulps = 4;

    // Magnitudes from 1e-30 to 100 spaced by 0.1% of the value, both signs, and the edges of each formula.
    private static float[] Arguments()
    {
        var values = new List<float> { 0f, -0f, 0.5f, -0.5f, 0.49999997f, 0.50000006f, 87.33654f, -87.33654f, 88f, -88f, 1e-45f, -1e-45f };
        for (double m = 1e-30; m < 100; m *= 1.001) { values.Add((float)m); values.Add((float)-m); }
        return [.. values];
    }

    private static double Ulp(double value) => Math.Max(Math.Pow(2, Math.Floor(Math.Log2(Math.Abs(value))) - 23), Math.Pow(2, -149));

    [Fact]
    public void Sigmoid_EveryArgument_WithinFourUlpOfDouble()
    {
        foreach (float x in Arguments())
        {
            double exact = 1 / (1 + Math.Exp(-(double)x));
            float y = VectorMath.Sigmoid(x);
            // Below −87.3 e^(−x) is clamped at e^88, so σ stops falling at ≈ 6e-39 instead of e^x.
            if (x < -87.3f) Assert.True(y >= 0 && y < 1e-37f, $"σ({x}) = {y}");
            else Assert.True(Math.Abs(y - exact) <= Ulps * Ulp(exact), $"σ({x}) = {y:R}, exact {exact:R}");
        }
    }

    [Fact]
    public void Tanh_EveryArgument_WithinFourUlpOfDoubleAndOdd()
    {
        foreach (float x in Arguments())
        {
            double exact = Math.Tanh(x);
            float y = VectorMath.Tanh(x);
            if (exact == 0) Assert.Equal(0f, y);
            else Assert.True(Math.Abs(y - exact) <= Ulps * Ulp(exact), $"tanh({x:R}) = {y:R}, exact {exact:R}");
            Assert.Equal(-y, VectorMath.Tanh(-x));
        }
    }

    [Fact]
    public void SigmoidAndTanh_SpecialValues_LimitsAndNaN()
    {
        Assert.Equal(1f, VectorMath.Sigmoid(float.PositiveInfinity));
        Assert.True(VectorMath.Sigmoid(float.NegativeInfinity) < 1e-37f);
        Assert.True(float.IsNaN(VectorMath.Sigmoid(float.NaN)));
        Assert.Equal(1f, VectorMath.Tanh(float.PositiveInfinity));
        Assert.Equal(-1f, VectorMath.Tanh(float.NegativeInfinity));
        Assert.True(float.IsNaN(VectorMath.Tanh(float.NaN)));
    }

    [Fact]
    public void VectorWidths_EveryArgumentAndSpecialValue_BitIdenticalToScalar()
    {
        var values = Arguments().Concat([float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e30f, -1e30f]).ToArray();
        if (Vector512.IsHardwareAccelerated)
        {
            for (int i = 0; i + 16 <= values.Length; i += 16)
            {
                var x = Vector512.Create(values.AsSpan(i, 16));
                var s = VectorMath.Sigmoid<Vector512<float>, Float512>(x);
                var t = VectorMath.Tanh<Vector512<float>, Float512>(x);
                for (int j = 0; j < 16; j++)
                {
                    Assert.Equal(VectorMath.Sigmoid(values[i + j]), s[j]);
                    Assert.Equal(VectorMath.Tanh(values[i + j]), t[j]);
                }
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (int i = 0; i + 8 <= values.Length; i += 8)
            {
                var x = Vector256.Create(values.AsSpan(i, 8));
                var s = VectorMath.Sigmoid<Vector256<float>, Float256>(x);
                var t = VectorMath.Tanh<Vector256<float>, Float256>(x);
                for (int j = 0; j < 8; j++)
                {
                    Assert.Equal(VectorMath.Sigmoid(values[i + j]), s[j]);
                    Assert.Equal(VectorMath.Tanh(values[i + j]), t[j]);
                }
            }
        }
    }
}
