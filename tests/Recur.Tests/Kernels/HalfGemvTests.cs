using Recur.Kernels;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Kernels;

[Collection(KernelThreadsCollection.Name)]
public class HalfGemvTests
{
    // Float sums against the double oracle, relative to Σ|w·x| (the weights are exact halves on both sides).
    private const double SumRelative = 1e-6;

    [Fact]
    public void Multiply_LengthsAroundVectorWidthsAndStrides_MatchesReferenceOnVectorAndScalarPaths()
    {
        var rng = new Rng(8);
        foreach (bool scalar in new[] { false, true })
        {
            HalfGemv.ScalarOnly = scalar;
            try
            {
                foreach (int n in new[] { 0, 1, 3, 17 })
                    for (int k = 0; k <= 3 * 16 + 1; k++)
                        foreach (bool accumulate in new[] { false, true })
                            AssertMatchesReference(rng, n, k, ldw: k + (n % 3), accumulate, $"scalar={scalar} n={n} k={k} acc={accumulate}");
            }
            finally
            {
                HalfGemv.ScalarOnly = false;
            }
        }
    }

    [Fact]
    public void Multiply_EveryFiniteHalf_WidensExactly()
    {
        // Every finite binary16 value (normal, subnormal, ±0), 16 to a row; x picks one column at a time, so
        // y[j] must equal the half in that column exactly (−0 sums to +0 like any float dot product).
        var values = new List<Half>();
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            Half h = BitConverter.UInt16BitsToHalf((ushort)bits);
            if (Half.IsFinite(h)) values.Add(h);
        }
        while (values.Count % 16 != 0) values.Add(Half.Zero);
        int rows = values.Count / 16;
        var w = values.ToArray();
        var y = new float[rows];
        for (int column = 0; column < 16; column++)
        {
            var x = new float[16];
            x[column] = 1f;
            HalfGemv.Multiply(rows, 16, w, 16, x, y);
            for (int j = 0; j < rows; j++)
                if (y[j] != (float)w[j * 16 + column])
                    Assert.Fail($"half {BitConverter.HalfToUInt16Bits(w[j * 16 + column]):X4} widened to {y[j]:R}, expected {(float)w[j * 16 + column]:R}");
        }
    }

    [Fact]
    public void Multiply_TwoThreads_SameBitsAsOneThread()
    {
        const int n = 700, k = 515;
        var rng = new Rng(4);
        var w = ToHalf(Fill.Uniform<float>(rng, n * k, -0.2, 0.2));
        var x = Fill.Uniform<float>(rng, k);
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            var one = new float[n];
            HalfGemv.Multiply(n, k, w, k, x, one);
            KernelThreads.Count = 2;
            var two = new float[n];
            HalfGemv.Multiply(n, k, w, k, x, two);
            Assert.Equal(one, two);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    [Fact]
    public void Multiply_InputsBeyondScalingRange_MatchesReference()
    {
        // |x| ≥ 2^16 cannot be prescaled by 2^112 in float; those products convert every weight in full instead.
        var rng = new Rng(10);
        var w = ToHalf(Fill.Uniform<float>(rng, 5 * 40, -1, 1));
        var x = Fill.Uniform<float>(rng, 40, -1, 1);
        x[7] = 1e5f;
        var y = new float[5];
        var expected = new float[5];
        HalfGemv.Multiply(5, 40, w, 40, x, y);
        HalfGemv.Reference(5, 40, w, 40, x, expected);
        KernelAssert.Close<float>(expected, y, expected, 1e-6, 1e-2, "large inputs");
    }

    [Fact]
    public void ToHalf_RoundsToNearestAndRejectsValuesOutsideHalfRange()
    {
        var source = new[] { 1f, 1f + 1f / 4096, -65504f, 3e-8f };
        var half = new Half[source.Length];
        HalfGemv.ToHalf(source, half);
        for (int i = 0; i < source.Length; i++) Assert.Equal((Half)source[i], half[i]);
        Assert.Throws<ArgumentException>(() => HalfGemv.ToHalf([70000f], new Half[1]));
        Assert.Throws<ArgumentException>(() => HalfGemv.ToHalf([float.NaN], new Half[1]));
    }

    [Fact]
    public void Multiply_SpanTooShort_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => HalfGemv.Multiply(2, 3, new Half[5], 3, new float[3], new float[2]));
        Assert.Throws<ArgumentException>(() => HalfGemv.Multiply(2, 3, new Half[6], 3, new float[2], new float[2]));
        Assert.Throws<ArgumentException>(() => HalfGemv.Multiply(2, 3, new Half[6], 3, new float[3], new float[1]));
    }

    private static Half[] ToHalf(float[] values)
    {
        var half = new Half[values.Length];
        HalfGemv.ToHalf(values, half);
        return half;
    }

    private static void AssertMatchesReference(Rng rng, int n, int k, int ldw, bool accumulate, string context)
    {
        var w = ToHalf(Fill.Uniform<float>(rng, Math.Max(0, n * ldw), -1, 1));
        var x = Fill.Uniform<float>(rng, k);
        var y = Fill.Uniform<float>(rng, n);
        var expected = (float[])y.Clone();
        HalfGemv.Multiply(n, k, w, ldw, x, y, accumulate);
        HalfGemv.Reference(n, k, w, ldw, x, expected, accumulate);
        for (int j = 0; j < n; j++)
        {
            double scale = accumulate ? Math.Abs(expected[j]) : 0;
            for (int p = 0; p < k; p++) scale += Math.Abs((double)w[j * ldw + p] * x[p]);
            double error = Math.Abs((double)y[j] - expected[j]);
            Assert.True(error <= SumRelative * scale + 1e-30, $"{context}: y[{j}] = {y[j]:R}, expected {expected[j]:R} (error {error:E2}, scale {scale:E2})");
        }
    }
}
