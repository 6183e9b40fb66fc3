using Recur.Kernels;
using Recur.Tests.TestSupport;
using Recur.Training;

namespace Recur.Tests.Kernels;

public class GemmTransposeTests
{
    // Sizes around the register blocks (16 floats, 8 doubles) and their multiples.
    private static readonly int[] s_sizes = [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48, 49];

    [Fact]
    public void Transpose_SizesAroundBlockWidth_EqualsElementwiseTranspose()
    {
        foreach (int rows in s_sizes)
            foreach (int cols in s_sizes)
            {
                AssertTranspose<float>(rows, cols, lda: cols + 3, ldb: rows + 5, seed: (ulong)(rows * 64 + cols));
                AssertTranspose<double>(rows, cols, lda: cols, ldb: rows, seed: (ulong)(rows * 64 + cols + 4096));
            }
    }

    [Fact]
    public void Transpose_SpanTooShort_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Transpose<float>(4, 5, new float[19], 5, new float[20], 4));
        Assert.Throws<ArgumentException>(() => Gemm.Transpose<float>(4, 5, new float[20], 5, new float[19], 4));
        Assert.Throws<ArgumentException>(() => Gemm.Transpose<float>(4, 5, new float[20], 4, new float[20], 4));
    }

    private static void AssertTranspose<T>(int rows, int cols, int lda, int ldb, ulong seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var a = Fill.Uniform<T>(new Rng(seed), Math.Max(0, rows * lda));
        // B starts filled with a marker so that elements outside the transpose (the stride padding) are seen to stay.
        var b = new T[Math.Max(0, cols * ldb)];
        b.AsSpan().Fill(T.CreateChecked(7));
        Gemm.Transpose<T>(rows, cols, a, lda, b, ldb);
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < ldb; i++)
            {
                T expected = i < rows ? a[i * lda + j] : T.CreateChecked(7);
                if (b[j * ldb + i] != expected)
                    Assert.Fail($"{typeof(T).Name} {rows}x{cols} (lda {lda}, ldb {ldb}): B[{j},{i}] = {b[j * ldb + i]}, expected {expected}");
            }
    }
}
