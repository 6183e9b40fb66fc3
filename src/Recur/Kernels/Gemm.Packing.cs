using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

public static partial class Gemm
{
    // Packs op(A)[i0 .. i0+mc, p0 .. p0+kc) as panels of mr rows: panel q holds, for each p, the mr
    // values op(A)[i0 + q·mr + r, p0 + p] side by side. Rows past mc are zero, so edge panels run
    // through the full-size micro-kernel and their extra rows are discarded.
    // op(A)[i, p] = a[i·lda + p] for NN and NT, a[p·lda + i] for TN.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA<T>(Form form, ref T a, nint lda, int i0, int p0, int mc, int kc, int mr, ref T dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int q = 0; q < mc; q += mr)
        {
            int rows = Math.Min(mr, mc - q);
            ref T panel = ref Unsafe.Add(ref dst, (nint)q * kc);
            if (form == Form.TN)
            {
                ref T src = ref Unsafe.Add(ref a, p0 * lda + i0 + q);
                for (int p = 0; p < kc; p++)
                {
                    ref T row = ref Unsafe.Add(ref src, p * lda);
                    ref T to = ref Unsafe.Add(ref panel, (nint)p * mr);
                    int r = 0;
                    for (; r < rows; r++) Unsafe.Add(ref to, r) = Unsafe.Add(ref row, r);
                    for (; r < mr; r++) Unsafe.Add(ref to, r) = T.Zero;
                }
            }
            else
            {
                for (int r = 0; r < mr; r++)
                {
                    ref T to = ref Unsafe.Add(ref panel, r);
                    if (r < rows)
                    {
                        ref T row = ref Unsafe.Add(ref a, (i0 + q + r) * lda + p0);
                        for (int p = 0; p < kc; p++) Unsafe.Add(ref to, (nint)p * mr) = Unsafe.Add(ref row, p);
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++) Unsafe.Add(ref to, (nint)p * mr) = T.Zero;
                    }
                }
            }
        }
    }

    // Packs op(B)[p0 .. p0+kc, j0 .. j0+nc) as strips of nr columns: strip q holds, for each p, the nr
    // values op(B)[p0 + p, j0 + q·nr + j]. Columns past nc are zero.
    // op(B)[p, j] = b[p·ldb + j] for NN and TN, b[j·ldb + p] for NT.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB<T>(Form form, ref T b, nint ldb, int p0, int j0, int kc, int nc, int nr, ref T dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int q = 0; q < nc; q += nr)
        {
            int cols = Math.Min(nr, nc - q);
            ref T strip = ref Unsafe.Add(ref dst, (nint)q * kc);
            if (form == Form.NT)
            {
                ref T rows = ref Unsafe.Add(ref b, (j0 + q) * ldb + p0);
                // Whole W×W blocks go through registers; the rest, element by element.
                int blockRows = 0, blockDepth = 0;
                if (Vector512.IsHardwareAccelerated && CanTranspose512<T>())
                {
                    int w = Vector512<T>.Count;
                    (blockRows, blockDepth) = (cols / w * w, kc / w * w);
                    for (int j = 0; j < blockRows; j += w)
                        for (int p = 0; p < blockDepth; p += w)
                            TransposeBlock512(ref Unsafe.Add(ref rows, j * ldb + p), ldb, ref Unsafe.Add(ref strip, (nint)p * nr + j), nr);
                }
                for (int j = 0; j < nr; j++)
                {
                    ref T to = ref Unsafe.Add(ref strip, j);
                    if (j < cols)
                    {
                        ref T row = ref Unsafe.Add(ref rows, j * ldb);
                        for (int p = j < blockRows ? blockDepth : 0; p < kc; p++)
                            Unsafe.Add(ref to, (nint)p * nr) = Unsafe.Add(ref row, p);
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++) Unsafe.Add(ref to, (nint)p * nr) = T.Zero;
                    }
                }
            }
            else
            {
                ref T src = ref Unsafe.Add(ref b, p0 * ldb + j0 + q);
                for (int p = 0; p < kc; p++)
                {
                    Span<T> to = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref strip, (nint)p * nr), nr);
                    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref src, p * ldb), cols).CopyTo(to);
                    to[cols..].Clear();
                }
            }
        }
    }
}
