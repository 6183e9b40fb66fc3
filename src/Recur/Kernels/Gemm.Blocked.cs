using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recur.Kernels;

public static partial class Gemm
{
    // Products below this many multiply-adds stay on the calling thread: handing out parts and
    // waiting for them costs a few microseconds, about what one core needs for this much work.
    private const long ParallelMinMultiplyAdds = 1L << 20;

    // Parts per thread where smaller parts cost nothing extra (see Parts).
    private const int PartsPerThread = 4;

    // With at most this many rows in a block of A, NN and TN read B in place instead of packing it:
    // each B element is then used by so few row panels that copying it costs more than it saves.
    private const int DirectBMaxRows = 96;

    private enum Form { NN, NT, TN }

    // A register-tiled micro-kernel and the block sizes that suit it.
    // Run computes one Mr×Nr tile: C[r, j] (+)= Σ_p a[r·aRow + p·aStep]·b[p·bStep + j], adding to C
    // when `add` is set. Each element is summed in order of p with one rounding per step, independent
    // of where the tile sits and of the strides, which is what makes results thread-count invariant.
    private interface IKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        static abstract int Mr { get; }
        static abstract int Nr { get; }
        static abstract int Kc { get; }
        static abstract int Mc { get; }
        static abstract int Nc { get; }
        static abstract void Run(int kc, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, nint ldc, bool add);

        // Columns NarrowWidth ≤ Nr that RunNarrow computes: an edge strip at most this wide skips the padding columns a
        // full tile would compute (a width of 200 is six strips of 32 and one of 8: 12% of a full tile's work is padding).
        static abstract int NarrowWidth { get; }

        // As Run, for the first NarrowWidth columns of the strip only, with the same per-element steps.
        static abstract void RunNarrow(int kc, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, nint ldc, bool add);

        // The small-m path (m < Mr) on columns [j0, j1) with this kernel's vector width.
        static abstract void Small(Form form, int m, int j0, int j1, int k, ref T a, nint lda, ref T b, nint ldb,
            ref T c, nint ldc, bool accumulate);
    }

    private static unsafe void Multiply<T, TK>(Form form, int m, int n, int k, ref T a, nint lda, ref T b, nint ldb,
        ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : struct, IKernel<T>
    {
        int parts = Parts<T, TK>(form, m, n, k, out bool splitColumns);
        if (parts <= 1)
        {
            Region<T, TK>(form, m, 0, m, 0, n, k, ref a, lda, ref b, ldb, ref c, ldc, accumulate);
            return;
        }

        // Workers reach the operands through raw pointers, so they stay pinned until Run returns.
        fixed (T* pa = &a)
        fixed (T* pb = &b)
        fixed (T* pc = &c)
        {
            Split<T, TK> work = Split<T, TK>.ForCurrentThread();
            work.Set(form, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate, parts, splitColumns);
            try
            {
                KernelThreads.Run(work, parts);
            }
            finally
            {
                work.Clear();
            }
        }
    }

    // How many parts to split C into, and whether along columns (each part packs its own B and
    // all of A) or rows (each part packs its own A and all of B). The split follows the smaller
    // duplicated packing cost. Parts cover whole Mr×Nr tiles and every part uses the same k blocks,
    // so the split changes which thread computes an element, never how.
    // Where parts duplicate no packing (column splits that read A in place or skip packing), each
    // thread gets several smaller parts, so a worker the OS preempts holds up at most one small part.
    private static int Parts<T, TK>(Form form, int m, int n, int k, out bool splitColumns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : struct, IKernel<T>
    {
        splitColumns = true;
        int threads = KernelThreads.Count;
        if (threads <= 1 || (long)m * n * k < ParallelMinMultiplyAdds) return 1;
        int columnStrips = (n + TK.Nr - 1) / TK.Nr;
        int rowPanels = (m + TK.Mr - 1) / TK.Mr;
        splitColumns = columnStrips >= threads && (m <= n || rowPanels < threads);
        if (!splitColumns) return Math.Min(threads, rowPanels);
        int perThread = form != Form.TN || m < TK.Mr ? PartsPerThread : 1;
        return Math.Min(threads * perThread, columnStrips);
    }

    // C[i0..i1, j0..j1) (+)= op(A)[i0..i1, :]·op(B)[:, j0..j1) on one thread, by the path that m selects.
    private static void Region<T, TK>(Form form, int m, int i0, int i1, int j0, int j1, int k, ref T a, nint lda,
        ref T b, nint ldb, ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : struct, IKernel<T>
    {
        if (m < TK.Mr)
        {
            Debug.Assert(i0 == 0 && i1 == m);
            TK.Small(form, m, j0, j1, k, ref a, lda, ref b, ldb, ref c, ldc, accumulate);
        }
        else
        {
            Blocked<T, TK>(form, i0, i1, j0, j1, k, ref a, lda, ref b, ldb, ref c, ldc, accumulate);
        }
    }

    // C[i0..i1, j0..j1) (+)= op(A)[i0..i1, :]·op(B)[:, j0..j1), one thread.
    // Loop nest: column blocks of Nc, k blocks of Kc (B block packed once), row blocks of Mc, then
    // Nr-wide strips of B against Mr-high panels of A. NN and NT read full panels of A in place (rows
    // are contiguous in k); TN packs each A block, and ragged edge panels are packed with zero rows.
    // Kernel code is compiled fully optimised on first use: its tier-0 form is tens of times slower,
    // and the first calls of a training run would otherwise pay for it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked<T, TK>(Form form, int i0, int i1, int j0, int j1, int k, ref T a, nint lda,
        ref T b, nint ldb, ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : struct, IKernel<T>
    {
        int mr = TK.Mr, nr = TK.Nr;
        int rows = i1 - i0, cols = j1 - j0;
        int mcMax = Math.Min(TK.Mc, RoundUp(rows, mr));
        int kcMax = Math.Min(TK.Kc, k);
        int ncMax = Math.Min(TK.Nc, RoundUp(cols, nr));
        bool packA = form == Form.TN;
        bool directB = form != Form.NT && rows <= DirectBMaxRows;
        // With a single row block nothing reuses a packed B block, so each strip is packed just
        // before its use and stays in L1 instead of the whole block spilling from L2.
        bool stripB = !directB && rows <= mcMax;

        // Rounded to 64 bytes so the B region starts cache-line aligned like the workspace itself.
        int packASize = RoundUp((packA ? mcMax : mr) * kcMax, Math.Max(1, 64 / Unsafe.SizeOf<T>()));
        int packBSize = (directB || stripB ? nr : ncMax) * kcMax;
        ref T packedA = ref Workspace<T>.Get(packASize + packBSize);
        ref T packedB = ref Unsafe.Add(ref packedA, packASize);
        Span<T> edge = stackalloc T[mr * nr];
        ref T tile = ref edge[0];

        for (int jc = j0; jc < j1; jc += ncMax)
        {
            int nc = Math.Min(ncMax, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                // Later k blocks add to what earlier ones stored.
                bool add = accumulate || pc > 0;
                if (!directB && !stripB)
                    PackB<T>(form, ref b, ldb, pc, jc, kc, nc, nr, ref packedB);
                else if (directB && nc % nr != 0)
                    PackB<T>(form, ref b, ldb, pc, jc + nc / nr * nr, kc, nc % nr, nr, ref packedB);

                for (int ic = i0; ic < i1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, i1 - ic);
                    int fullRows = mc / mr * mr;
                    if (packA)
                        PackA<T>(form, ref a, lda, ic, pc, mc, kc, mr, ref packedA);
                    else if (fullRows < mc)
                        PackA<T>(form, ref a, lda, ic + fullRows, pc, mc - fullRows, kc, mr, ref packedA);

                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int width = Math.Min(nr, nc - jr);
                        scoped ref T strip = ref packedB;
                        nint bStep = nr;
                        if (stripB)
                            PackB<T>(form, ref b, ldb, pc, jc + jr, kc, width, nr, ref packedB);
                        else if (!directB)
                            strip = ref Unsafe.Add(ref packedB, (nint)jr * kc);
                        else if (width == nr)
                        {
                            // op(B)[p, j] = b[p·ldb + j] for NN and TN alike.
                            strip = ref Unsafe.Add(ref b, pc * ldb + jc + jr);
                            bStep = ldb;
                        }

                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int height = Math.Min(mr, mc - ir);
                            scoped ref T panel = ref packedA;
                            nint aRow = 1, aStep = mr;
                            if (packA)
                                panel = ref Unsafe.Add(ref packedA, (nint)ir * kc);
                            else if (height == mr)
                            {
                                // op(A)[i, p] = a[i·lda + p] for NN and NT alike.
                                panel = ref Unsafe.Add(ref a, (ic + ir) * lda + pc);
                                (aRow, aStep) = (lda, 1);
                            }

                            ref T cTile = ref Unsafe.Add(ref c, (ic + ir) * ldc + jc + jr);
                            if (height == mr && width == nr)
                            {
                                TK.Run(kc, ref panel, aRow, aStep, ref strip, bStep, ref cTile, ldc, add);
                            }
                            else
                            {
                                // Edge tile: the padded panels give a full tile; keep its valid corner.
                                if (width <= TK.NarrowWidth)
                                    TK.RunNarrow(kc, ref panel, aRow, aStep, ref strip, bStep, ref tile, nr, add: false);
                                else
                                    TK.Run(kc, ref panel, aRow, aStep, ref strip, bStep, ref tile, nr, add: false);
                                StoreEdge(ref tile, nr, ref cTile, ldc, height, width, add);
                            }
                        }
                    }
                }
            }
        }
    }

    // C[rows, cols] (+)= tile; scalar adds round exactly like the lane-wise vector adds of a full tile.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StoreEdge<T>(ref T tile, int nr, ref T c, nint ldc, int rows, int cols, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            ref T src = ref Unsafe.Add(ref tile, r * nr);
            ref T dst = ref Unsafe.Add(ref c, r * ldc);
            for (int j = 0; j < cols; j++)
                Unsafe.Add(ref dst, j) = add ? Unsafe.Add(ref dst, j) + Unsafe.Add(ref src, j) : Unsafe.Add(ref src, j);
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
