using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recur.Kernels;

public static partial class Gemm
{
    // NT packing turns rows of B into columns of the packed strip. Moving one element at a time costs
    // as much as the multiply itself when m is small (the recurrent case), so whole W×W blocks
    // (W = Vector512<T>.Count) are transposed in registers. Shuffles only move bits, so the packed
    // values, and therefore the results, are the same as with the scalar loop.
    private static bool CanTranspose512<T>() where T : unmanaged
        => Avx512F.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    // dst[p·dstStride + j] = src[j·ld + p] for j, p in [0, W).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeBlock512<T>(ref T src, nint ld, ref T dst, nint dstStride) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Transpose16x16(ref Unsafe.As<T, float>(ref src), ld, ref Unsafe.As<T, float>(ref dst), dstStride);
        else if (typeof(T) == typeof(double))
            Transpose8x8(ref Unsafe.As<T, double>(ref src), ld, ref Unsafe.As<T, double>(ref dst), dstStride);
        else
            throw new NotSupportedException();
    }

    /// <summary>B[j, i] = A[i, j] for a row-major A [rows, cols] and B [cols, rows].</summary>
    /// <param name="rows">Rows of A.</param>
    /// <param name="cols">Columns of A.</param>
    /// <param name="a">A, row stride <paramref name="lda"/>.</param>
    /// <param name="lda">Row stride of A (≥ cols).</param>
    /// <param name="b">B, row stride <paramref name="ldb"/>.</param>
    /// <param name="ldb">Row stride of B (≥ rows).</param>
    /// <exception cref="ArgumentException">A span is too short for its shape and stride.</exception>
    public static void Transpose<T>(int rows, int cols, ReadOnlySpan<T> a, int lda, Span<T> b, int ldb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(rows, cols, a, lda, nameof(a));
        Check(cols, rows, b, ldb, nameof(b));
        if (rows == 0 || cols == 0) return;
        ref T src = ref MemoryMarshal.GetReference(a);
        ref T dst = ref MemoryMarshal.GetReference(b);
        int blockRows = 0, blockCols = 0;
        if (Vector512.IsHardwareAccelerated && CanTranspose512<T>())
        {
            int w = Vector512<T>.Count;
            (blockRows, blockCols) = (rows / w * w, cols / w * w);
            for (int i = 0; i < blockRows; i += w)
                for (int j = 0; j < blockCols; j += w)
                    TransposeBlock512(ref Unsafe.Add(ref src, (nint)i * lda + j), lda, ref Unsafe.Add(ref dst, (nint)j * ldb + i), ldb);
        }
        // The rest element by element: columns past the blocks in block rows, then the rows below them.
        for (int i = 0; i < rows; i++)
            for (int j = i < blockRows ? blockCols : 0; j < cols; j++)
                Unsafe.Add(ref dst, (nint)j * ldb + i) = Unsafe.Add(ref src, (nint)i * lda + j);
    }

    // Row r, column j = 4L + q (128-bit lane L, position q). Three stages:
    // 1. unpack{lo,hi}_ps of row pairs: t[2k+h][L, q] = r[2k + q%2][L, 2h + q/2]
    // 2. unpack{lo,hi}_pd of t pairs:   u[4m + 2g + h][L, q] = r[4m + q][L, 2h + g]
    //    so lane L of u[4m+s] holds rows 4m..4m+3 of column 4L + c, with c = 2h + g for s = 2g + h;
    // 3. a 4×4 transpose of 128-bit lanes across u[s], u[4+s], u[8+s], u[12+s] gives columns
    //    c, 4 + c, 8 + c, 12 + c.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose16x16(ref float src, nint ld, ref float dst, nint dstStride)
    {
        var (u0, u1, u2, u3) = Unpack4(ref src, ld);
        var (u4, u5, u6, u7) = Unpack4(ref Unsafe.Add(ref src, 4 * ld), ld);
        var (u8, u9, u10, u11) = Unpack4(ref Unsafe.Add(ref src, 8 * ld), ld);
        var (u12, u13, u14, u15) = Unpack4(ref Unsafe.Add(ref src, 12 * ld), ld);
        // s = 0, 1, 2, 3 hold columns c = 0, 2, 1, 3 of each group of four.
        TransposeLanes(u0, u4, u8, u12, ref dst, 4 * dstStride);
        TransposeLanes(u1, u5, u9, u13, ref Unsafe.Add(ref dst, 2 * dstStride), 4 * dstStride);
        TransposeLanes(u2, u6, u10, u14, ref Unsafe.Add(ref dst, dstStride), 4 * dstStride);
        TransposeLanes(u3, u7, u11, u15, ref Unsafe.Add(ref dst, 3 * dstStride), 4 * dstStride);

        // Stages 1 and 2 for rows 4m .. 4m+3: returns u[4m .. 4m+3].
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>) Unpack4(ref float rows, nint ld)
        {
            Vector512<float> r0 = Vector512.LoadUnsafe(ref rows);
            Vector512<float> r1 = Vector512.LoadUnsafe(ref Unsafe.Add(ref rows, ld));
            Vector512<float> r2 = Vector512.LoadUnsafe(ref Unsafe.Add(ref rows, 2 * ld));
            Vector512<float> r3 = Vector512.LoadUnsafe(ref Unsafe.Add(ref rows, 3 * ld));
            Vector512<double> t0 = Avx512F.UnpackLow(r0, r1).AsDouble(), t1 = Avx512F.UnpackHigh(r0, r1).AsDouble();
            Vector512<double> t2 = Avx512F.UnpackLow(r2, r3).AsDouble(), t3 = Avx512F.UnpackHigh(r2, r3).AsDouble();
            return (Avx512F.UnpackLow(t0, t2).AsSingle(), Avx512F.UnpackLow(t1, t3).AsSingle(),
                Avx512F.UnpackHigh(t0, t2).AsSingle(), Avx512F.UnpackHigh(t1, t3).AsSingle());
        }
    }

    // Row r, column j = 2L + h. unpack{lo,hi}_pd of row pairs: t[2k+h] lane L holds rows 2k, 2k+1 of
    // column 2L + h; a 4×4 transpose of lanes across t[h], t[2+h], t[4+h], t[6+h] gives columns h, 2+h, 4+h, 6+h.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose8x8(ref double src, nint ld, ref double dst, nint dstStride)
    {
        for (int h = 0; h < 2; h++)
        {
            Vector512<double> x0 = Pair(ref src, ld, 0, h), x1 = Pair(ref src, ld, 2, h);
            Vector512<double> x2 = Pair(ref src, ld, 4, h), x3 = Pair(ref src, ld, 6, h);
            TransposeLanes(x0.AsSingle(), x1.AsSingle(), x2.AsSingle(), x3.AsSingle(),
                ref Unsafe.As<double, float>(ref Unsafe.Add(ref dst, h * dstStride)), 4 * dstStride);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<double> Pair(ref double src, nint ld, int row, int h)
        {
            Vector512<double> a = Vector512.LoadUnsafe(ref Unsafe.Add(ref src, row * ld));
            Vector512<double> b = Vector512.LoadUnsafe(ref Unsafe.Add(ref src, (row + 1) * ld));
            return h == 0 ? Avx512F.UnpackLow(a, b) : Avx512F.UnpackHigh(a, b);
        }
    }

    // Y_L lane M = X_M lane L for 128-bit lanes; stores Y_L at dst + L·stride, stride in floats.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeLanes(Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3,
        ref float dst, nint stride)
    {
        // Shuffle4x128(a, b, imm): lanes 0, 1 from a and 2, 3 from b, chosen by the 2-bit fields of imm.
        Vector512<float> p0 = Avx512F.Shuffle4x128(x0, x1, 0x44), p1 = Avx512F.Shuffle4x128(x0, x1, 0xEE);
        Vector512<float> p2 = Avx512F.Shuffle4x128(x2, x3, 0x44), p3 = Avx512F.Shuffle4x128(x2, x3, 0xEE);
        Avx512F.Shuffle4x128(p0, p2, 0x88).StoreUnsafe(ref dst);
        Avx512F.Shuffle4x128(p0, p2, 0xDD).StoreUnsafe(ref Unsafe.Add(ref dst, stride));
        Avx512F.Shuffle4x128(p1, p3, 0x88).StoreUnsafe(ref Unsafe.Add(ref dst, 2 * stride));
        Avx512F.Shuffle4x128(p1, p3, 0xDD).StoreUnsafe(ref Unsafe.Add(ref dst, 3 * stride));
    }
}
