using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

public static partial class Gemm
{
    // Source rows handled together by the contiguous packs (see PackA).
    private const int PackDepth = 16;

    // Packs op(A)[i0 .. i0+mc, p0 .. p0+kc) as panels of mr rows: panel q holds, for each p, the mr
    // values op(A)[i0 + q·mr + r, p0 + p] side by side. Rows past mc are zero, so edge panels run
    // through the full-size micro-kernel and their extra rows are discarded.
    // op(A)[i, p] = a[i·lda + p] for NN and NT, a[p·lda + i] for TN.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA<T>(Form form, ref T a, nint lda, int i0, int p0, int mc, int kc, int mr, ref T dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (form == Form.TN)
        {
            // Rows of A are contiguous in i. Going down one panel at a time would touch a new page per
            // row, and across all panels at once would write streams 4 KiB apart that share one L1 set;
            // PackDepth rows at a time keep both the reads and the writes in L1.
            for (int pb = 0; pb < kc; pb += PackDepth)
            {
                int depth = Math.Min(PackDepth, kc - pb);
                for (int q = 0; q < mc; q += mr)
                {
                    ref T from = ref Unsafe.Add(ref a, (p0 + pb) * lda + i0 + q);
                    ref T to = ref Unsafe.Add(ref dst, (nint)q * kc + (nint)pb * mr);
                    int rows = Math.Min(mr, mc - q);
                    for (int p = 0; p < depth; p++)
                        CopyPadded(ref Unsafe.Add(ref from, p * lda), ref Unsafe.Add(ref to, (nint)p * mr), rows, mr);
                }
            }
            return;
        }

        for (int q = 0; q < mc; q += mr)
        {
            int rows = Math.Min(mr, mc - q);
            ref T panel = ref Unsafe.Add(ref dst, (nint)q * kc);
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

    // Packs op(B)[p0 .. p0+kc, j0 .. j0+nc) as strips of nr columns: strip q holds, for each p, the nr
    // values op(B)[p0 + p, j0 + q·nr + j]. Columns past nc are zero.
    // op(B)[p, j] = b[p·ldb + j] for NN and TN, b[j·ldb + p] for NT.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB<T>(Form form, ref T b, nint ldb, int p0, int j0, int kc, int nc, int nr, ref T dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (form != Form.NT)
        {
            // Rows of B are contiguous in j; PackDepth rows at a time, as in PackA for TN.
            for (int pb = 0; pb < kc; pb += PackDepth)
            {
                int depth = Math.Min(PackDepth, kc - pb);
                for (int q = 0; q < nc; q += nr)
                {
                    ref T from = ref Unsafe.Add(ref b, (p0 + pb) * ldb + j0 + q);
                    ref T to = ref Unsafe.Add(ref dst, (nint)q * kc + (nint)pb * nr);
                    int cols = Math.Min(nr, nc - q);
                    for (int p = 0; p < depth; p++)
                        CopyPadded(ref Unsafe.Add(ref from, p * ldb), ref Unsafe.Add(ref to, (nint)p * nr), cols, nr);
                }
            }
            return;
        }

        for (int q = 0; q < nc; q += nr)
        {
            int cols = Math.Min(nr, nc - q);
            ref T strip = ref Unsafe.Add(ref dst, (nint)q * kc);
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
    }

    // dst[0..count) = src[0..count), dst[count..length) = 0. Panels are a few vectors wide, too short
    // for a memmove call to pay off, so whole vectors are copied inline.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded<T>(ref T src, ref T dst, int count, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i + Vector512<T>.Count <= count; i += Vector512<T>.Count)
                Vector512.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            for (; i + Vector256<T>.Count <= count; i += Vector256<T>.Count)
                Vector256.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
        if (Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported)
            for (; i + Vector128<T>.Count <= count; i += Vector128<T>.Count)
                Vector128.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
        for (; i < count; i++) Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
        for (; i < length; i++) Unsafe.Add(ref dst, i) = T.Zero;
    }
}
