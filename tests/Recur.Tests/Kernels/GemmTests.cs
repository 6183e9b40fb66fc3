using Recur.Kernels;

namespace Recur.Tests.Kernels;

[Collection(KernelThreadsCollection.Name)]
public class GemmTests
{
    // Sizes around the micro-tile (6 rows; 2 vectors of 4..16 lanes) and the vector widths up to
    // 3 × 16 + 1, the widest float vector.
    private static readonly int[] s_edgeSizes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 18, 23, 24, 25, 31, 32, 33, 35, 36, 37, 47, 48, 49];

    public static TheoryData<string> Forms => new("NN", "NT", "TN");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Multiply_EveryShapeUpTo8_MatchesReference(string form)
    {
        int seed = 0;
        for (int m = 0; m <= 8; m++)
            for (int n = 0; n <= 8; n++)
                for (int k = 0; k <= 8; k++)
                {
                    bool accumulate = (m + n + k) % 2 == 1;
                    GemmCase<float>.Create(form, m, n, k, seed++, accumulate: accumulate).AssertMatchesReference(1);
                    GemmCase<double>.Create(form, m, n, k, seed++, accumulate: !accumulate).AssertMatchesReference(1);
                }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Multiply_NarrowEdgeStrip_BitIdenticalToTheSameColumnsOfAWiderProduct(string form)
    {
        // n = 200 ends in a strip of 8 columns (narrow tile where the kernel has one); n = 224 makes that strip full.
        // The shared columns must come out with the same bits either way, accumulating or not.
        const int m = 40, k = 300, narrow = 200, wide = 224;
        var random = new Random(11);
        float[] Random(int length) => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var a = Random(m * k);
        var bWide = Random(k * wide);
        // B as [k, n] for NN and TN, [n, k] for NT; the narrow B is the first 200 columns (NN, TN) or rows (NT).
        float[] bNarrow = form == "NT" ? bWide[..(narrow * k)] : Enumerable.Range(0, k).SelectMany(p => bWide.Skip(p * wide).Take(narrow)).ToArray();
        foreach (bool accumulate in new[] { false, true })
        {
            var start = Random(m * wide);
            var cWide = (float[])start.Clone();
            var cNarrow = Enumerable.Range(0, m).SelectMany(i => start.Skip(i * wide).Take(narrow)).ToArray();
            Multiply(form, m, wide, k, a, bWide, cWide, accumulate);
            Multiply(form, m, narrow, k, a, bNarrow, cNarrow, accumulate);
            for (int i = 0; i < m; i++)
                Assert.True(cNarrow.AsSpan(i * narrow, narrow).SequenceEqual(cWide.AsSpan(i * wide, narrow)), $"{form} accumulate={accumulate}: row {i} differs");
        }

        static void Multiply(string form, int m, int n, int k, float[] a, float[] b, float[] c, bool accumulate)
        {
            switch (form)
            {
                case "NN": Gemm.MultiplyNN<float>(m, n, k, a, k, b, n, c, n, accumulate); break;
                case "NT": Gemm.MultiplyNT<float>(m, n, k, a, k, b, k, c, n, accumulate); break;
                default: Gemm.MultiplyTN<float>(m, n, k, a, m, b, n, c, n, accumulate); break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Multiply_SizesAroundTileAndVectorWidth_MatchesReference(string form)
    {
        var random = new Random(7);
        int Pick() => s_edgeSizes[random.Next(s_edgeSizes.Length)];
        // Every size in each dimension, the other two drawn from the edge sizes.
        for (int size = 0; size <= 49; size++)
        {
            foreach ((int m, int n, int k) in new[] { (size, Pick(), Pick()), (Pick(), size, Pick()), (Pick(), Pick(), size) })
            {
                bool accumulate = random.Next(2) == 1;
                GemmCase<float>.Create(form, m, n, k, random.Next(), accumulate: accumulate).AssertMatchesReference(1);
                GemmCase<double>.Create(form, m, n, k, random.Next(), accumulate: accumulate).AssertMatchesReference(1);
            }
        }
    }

    [Theory]
    [InlineData("NN", 300, 517, 129)]
    [InlineData("NT", 300, 517, 129)]
    [InlineData("TN", 300, 517, 129)]
    [InlineData("NN", 96, 300, 600)]
    [InlineData("NN", 97, 300, 600)]
    [InlineData("NT", 97, 300, 600)]
    [InlineData("TN", 96, 300, 600)]
    [InlineData("TN", 97, 300, 600)]
    [InlineData("NN", 7, 4133, 9)]
    [InlineData("NT", 7, 4133, 9)]
    [InlineData("NN", 1100, 40, 300)]
    [InlineData("TN", 1100, 40, 300)]
    [InlineData("NT", 33, 257, 513)]
    [InlineData("NT", 1, 1500, 700)]
    [InlineData("NN", 5, 2000, 300)]
    [InlineData("TN", 3, 1200, 513)]
    [InlineData("NT", 7, 999, 1100)]
    public void Multiply_LargeShapesAcrossBlocks_MatchesReferenceOnOneAndTwoThreads(string form, int m, int n, int k)
    {
        GemmCase<float>.Create(form, m, n, k, seed: m + n + k).AssertMatchesReference(1, 2);
        GemmCase<double>.Create(form, m, n, k, seed: m * n + k, accumulate: true).AssertMatchesReference(1, 2);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Multiply_PaddedRowsAndUnalignedOffsets_MatchesReferenceAndKeepsPadding(string form)
    {
        (int M, int N, int K)[] shapes = [(1, 1, 1), (5, 33, 17), (6, 32, 16), (13, 50, 7), (40, 70, 300), (150, 131, 90)];
        int seed = 100;
        foreach (var (m, n, k) in shapes)
            for (int offset = 1; offset <= 7; offset += 2)
            {
                int pad = offset % 5 + 1;
                bool accumulate = offset % 3 == 0;
                GemmCase<float>.Create(form, m, n, k, seed++, pad, offset, accumulate).AssertMatchesReference(1, 2);
                GemmCase<double>.Create(form, m, n, k, seed++, pad, offset + 1, !accumulate).AssertMatchesReference(1, 2);
            }
    }

    [Theory]
    [InlineData("NN", 300, 517, 129)]
    [InlineData("NT", 64, 1024, 256)]
    [InlineData("TN", 700, 96, 200)]
    [InlineData("NN", 2000, 33, 70)]
    [InlineData("NT", 4, 4096, 256)]
    [InlineData("NN", 7, 3000, 100)]
    public void Multiply_TwoThreads_SameBitsAsOneThread(string form, int m, int n, int k)
    {
        var single = GemmCase<float>.Create(form, m, n, k, seed: 3, accumulate: true);
        KernelAssert.BitwiseEqual<float>(single.Fast(1), single.Fast(2), $"{single}");
        var dual = GemmCase<double>.Create(form, m, n, k, seed: 4);
        KernelAssert.BitwiseEqual<double>(dual.Fast(1), dual.Fast(2), $"{dual}");
    }

    [Theory]
    [InlineData("NN", 4, 64, 32, 1)]
    [InlineData("NT", 32, 1024, 256, 1)]
    [InlineData("TN", 300, 200, 100, 1)]
    [InlineData("NN", 300, 517, 129, 2)]
    [InlineData("NT", 64, 1024, 256, 2)]
    [InlineData("TN", 300, 200, 100, 2)]
    [InlineData("NT", 3, 4096, 512, 2)]
    public void Multiply_WarmedUpCall_AllocatesNothingOnCallingThread(string form, int m, int n, int k, int threads)
    {
        var problem = GemmCase<float>.Create(form, m, n, k, seed: 5, accumulate: true);
        var problemDouble = GemmCase<double>.Create(form, m, n, k, seed: 6);
        float[] c = problem.Fast(1);
        double[] cDouble = problemDouble.Fast(1);
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            for (int i = 0; i < 3; i++)
            {
                problem.RunFast(c);
                problemDouble.RunFast(cDouble);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            problem.RunFast(c);
            problemDouble.RunFast(cDouble);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    [Fact]
    public void Multiply_KIsZero_ClearsOrKeepsC()
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Gemm.MultiplyNN<float>(2, 3, 0, [], 0, [], 3, c, 3, accumulate: true);
        Assert.Equal([1, 2, 3, 4, 5, 6], c);
        Gemm.MultiplyNT<float>(2, 2, 0, [], 0, [], 0, c, 3);
        Assert.Equal([0, 0, 3, 0, 0, 6], c);
    }

    [Fact]
    public void Multiply_HalfPrecision_MatchesReference()
    {
        var random = new Random(11);
        Half[] a = new Half[9 * 13], b = new Half[13 * 11], expected = new Half[9 * 11], actual = new Half[9 * 11];
        for (int i = 0; i < a.Length; i++) a[i] = (Half)(random.Next(-4, 5) / 4.0);
        for (int i = 0; i < b.Length; i++) b[i] = (Half)(random.Next(-4, 5) / 4.0);
        Gemm.ReferenceNN<Half>(9, 11, 13, a, 13, b, 11, expected, 11);
        Gemm.MultiplyNN<Half>(9, 11, 13, a, 13, b, 11, actual, 11);
        // Quarter-integer products and sums below 2^11 are exact in Half, whatever the order.
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Multiply_SpanTooShort_ThrowsArgumentException(string form)
    {
        float[] a = new float[12], b = new float[12], c = new float[9];
        // 3×4 · 4×3 (NN), 3×4 · (3×4)ᵀ (NT), (4×3)ᵀ · 4×3 (TN); each operand fits exactly.
        int lda = form == "TN" ? 3 : 4, ldb = form == "NT" ? 4 : 3;
        Action<float[], float[], float[]> multiply = form switch
        {
            "NN" => (x, y, z) => Gemm.MultiplyNN<float>(3, 3, 4, x, lda, y, ldb, z, 3),
            "NT" => (x, y, z) => Gemm.MultiplyNT<float>(3, 3, 4, x, lda, y, ldb, z, 3),
            _ => (x, y, z) => Gemm.MultiplyTN<float>(3, 3, 4, x, lda, y, ldb, z, 3),
        };
        multiply(a, b, c);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => multiply(new float[11], b, c)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => multiply(a, new float[11], c)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => multiply(a, b, new float[8])).ParamName);
    }

    [Fact]
    public void Multiply_BadDimensionsOrStride_ThrowsArgumentException()
    {
        float[] x = new float[16];
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyNN<float>(-1, 2, 2, x, 2, x, 2, x, 2));
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyNN<float>(2, 2, 2, x, 1, x, 2, x, 2));
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyNT<float>(2, 3, 2, x, 2, x, 2, x, 2));
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyTN<float>(3, 2, 2, x, 2, x, 2, x, 2));
    }
}
