using System.Numerics;

namespace Recur.Kernels;

/// <summary>
/// General matrix multiply on row-major spans in the three forms backpropagation through time needs.
/// Each form overwrites C, or adds to it when <c>accumulate</c> is true.
/// Leading dimensions (<c>lda</c>, <c>ldb</c>, <c>ldc</c>) are row strides in elements, so sub-matrices
/// of larger buffers can be passed without copying.
/// </summary>
public static partial class Gemm
{
    /// <summary>C[m,n] (+)= A[m,k]·B[k,n].</summary>
    /// <exception cref="ArgumentException">A span is too short for its shape and stride.</exception>
    public static void MultiplyNN<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(m, k, a, lda, nameof(a));
        Check(k, n, b, ldb, nameof(b));
        Check(m, n, c, ldc, nameof(c));
        ReferenceNN(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    }

    /// <summary>C[m,n] (+)= A[m,k]·B[n,k]ᵀ.</summary>
    /// <exception cref="ArgumentException">A span is too short for its shape and stride.</exception>
    public static void MultiplyNT<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(m, k, a, lda, nameof(a));
        Check(n, k, b, ldb, nameof(b));
        Check(m, n, c, ldc, nameof(c));
        ReferenceNT(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    }

    /// <summary>C[m,n] (+)= A[k,m]ᵀ·B[k,n].</summary>
    /// <exception cref="ArgumentException">A span is too short for its shape and stride.</exception>
    public static void MultiplyTN<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(k, m, a, lda, nameof(a));
        Check(k, n, b, ldb, nameof(b));
        Check(m, n, c, ldc, nameof(c));
        ReferenceTN(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    }

    private static void Check<T>(int rows, int cols, ReadOnlySpan<T> s, int ld, string name)
    {
        if (rows < 0 || cols < 0) throw new ArgumentException($"Negative dimension {rows}x{cols}.", name);
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new ArgumentException($"Leading dimension {ld} is smaller than {cols} columns.", name);
        if ((long)(rows - 1) * ld + cols > s.Length)
            throw new ArgumentException($"Span of {s.Length} elements is too short for {rows}x{cols} with stride {ld}.", name);
    }
}
