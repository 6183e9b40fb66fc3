using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// General matrix multiply on row-major spans in the three forms backpropagation through time needs.
/// Each form overwrites C, or adds to it when <c>accumulate</c> is true.
/// Leading dimensions (<c>lda</c>, <c>ldb</c>, <c>ldc</c>) are row strides in elements, so sub-matrices
/// of larger buffers can be passed without copying.
/// </summary>
/// <remarks>
/// The fast path works on cache-sized blocks: B is packed into contiguous strips and A into panels, or
/// read in place where its rows are already contiguous (packing absorbs the transposes, so one
/// register-tiled micro-kernel serves all three forms); products with fewer rows than the tile skip
/// packing. Large products are split across <see cref="KernelThreads"/>.
/// Results are deterministic: the order in which each element of C is summed over k depends only on
/// the shape and the instruction set, never on <see cref="KernelThreads.Count"/> (threads split C, not k),
/// so repeated calls give the same bits. After the first calls on a thread a call allocates nothing.
/// </remarks>
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
        Multiply(Form.NN, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
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
        Multiply(Form.NT, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
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
        Multiply(Form.TN, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    }

    private static void Multiply<T>(Form form, int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b,
        int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) c.Slice(i * ldc, n).Clear();
            return;
        }

        ref T ra = ref MemoryMarshal.GetReference(a);
        ref T rb = ref MemoryMarshal.GetReference(b);
        ref T rc = ref MemoryMarshal.GetReference(c);
        // Widest accelerated vector first. Vector types exist only for primitive T; Half and other IEEE
        // types take the scalar kernel.
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
        {
            if (Vector512.IsHardwareAccelerated)
                Multiply<T, Kernel512<T>>(form, m, n, k, ref ra, lda, ref rb, ldb, ref rc, ldc, accumulate);
            else if (Vector256.IsHardwareAccelerated)
                Multiply<T, Kernel256<T>>(form, m, n, k, ref ra, lda, ref rb, ldb, ref rc, ldc, accumulate);
            else if (Vector128.IsHardwareAccelerated)
                Multiply<T, Kernel128<T>>(form, m, n, k, ref ra, lda, ref rb, ldb, ref rc, ldc, accumulate);
            else
                Multiply<T, KernelScalar<T>>(form, m, n, k, ref ra, lda, ref rb, ldb, ref rc, ldc, accumulate);
        }
        else
        {
            Multiply<T, KernelScalar<T>>(form, m, n, k, ref ra, lda, ref rb, ldb, ref rc, ldc, accumulate);
        }
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
