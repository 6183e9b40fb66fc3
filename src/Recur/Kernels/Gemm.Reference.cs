using System.Numerics;

namespace Recur.Kernels;

public static partial class Gemm
{
    /// <summary>Scalar oracle for <see cref="MultiplyNN"/>: C[m,n] (+)= A[m,k]·B[k,n], summing over k in order.</summary>
    public static void ReferenceNN<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++) s += a[i * lda + p] * b[p * ldb + j];
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + s : s;
            }
    }

    /// <summary>Scalar oracle for <see cref="MultiplyNT"/>: C[m,n] (+)= A[m,k]·B[n,k]ᵀ.</summary>
    public static void ReferenceNT<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++) s += a[i * lda + p] * b[j * ldb + p];
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + s : s;
            }
    }

    /// <summary>Scalar oracle for <see cref="MultiplyTN"/>: C[m,n] (+)= A[k,m]ᵀ·B[k,n].</summary>
    public static void ReferenceTN<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        Span<T> c, int ldc, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++) s += a[p * lda + i] * b[p * ldb + j];
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + s : s;
            }
    }
}
