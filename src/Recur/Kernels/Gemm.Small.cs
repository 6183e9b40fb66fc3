using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recur.Kernels;

public static partial class Gemm
{
    // Block shapes as type arguments: the JIT folds `TRows.Value > 1` to a constant, so the loops carry
    // no branches (with branches it spills every accumulator around them).
    private interface IConstant
    {
        static abstract int Value { get; }
    }

    private readonly struct One : IConstant { public static int Value => 1; }
    private readonly struct Two : IConstant { public static int Value => 2; }
    private readonly struct Three : IConstant { public static int Value => 3; }
    private readonly struct Four : IConstant { public static int Value => 4; }

    // Products with fewer rows than the micro-tile (a recurrent step with a small batch) skip packing:
    // a full tile would mostly compute padding, and for NT the transposing pack of B would cost more
    // than the arithmetic. NN and TN stream rows of B into rows of C; NT takes dot products of rows of
    // A and B.
    // Which path runs depends only on m, so the thread count never changes the summation order.
    private static void Small<T, TS, TV>(Form form, int m, int j0, int j1, int k, ref T a, nint lda, ref T b, nint ldb,
        ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
    {
        if (form == Form.NT)
            SmallDots<T, TS, TV>(m, j0, j1, k, ref a, lda, ref b, ldb, ref c, ldc, accumulate);
        else
            SmallRows<T, TS, TV>(form, m, j0, j1, k, ref a, lda, ref b, ldb, ref c, ldc, accumulate);
    }

    // Width of the column block of B and C that SmallRows works on: 4 rows of B and up to 7 rows of C
    // of this many bytes stay in L1/L2 while each row of B streams through it contiguously. Measured:
    // 4 KiB beats 1, 2 and 8 KiB for batch 1 and 4.
    private const int SmallRowsBlockBytes = 4096;

    // C[i, j] (+)= Σ_p op(A)[i, p]·B[p, j] for NN and TN as rank-4 updates: for each column block,
    // rows p..p+3 of B are read contiguously and each row of a per-thread accumulator gets
    // s = fma(a[i,p+3], b[p+3], fma(a[i,p+2], b[p+2], fma(a[i,p+1], b[p+1], fma(a[i,p], b[p], s)))),
    // then C = s or C + s once at the end. Every element is one chain of multiply-adds in order of p,
    // whatever block or thread it falls in. The accumulator is private because C is updated k/4 times:
    // done in place, the cache lines that straddle two threads' column ranges would bounce between
    // cores on every update (measured: up to 10x slower on two threads).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SmallRows<T, TS, TV>(Form form, int m, int j0, int j1, int k, ref T a, nint lda, ref T b,
        nint ldb, ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
    {
        // op(A)[i, p] = a[i·aRow + p·aStep]
        (nint aRow, nint aStep) = form == Form.TN ? ((nint)1, lda) : (lda, (nint)1);
        int w = TS.Count;
        int block = Math.Max(w, SmallRowsBlockBytes / Unsafe.SizeOf<T>() / w * w);
        // Rows of sums one cache line more than 4 KiB apart, so they fall in different L1 sets; rows of B
        // that are a multiple of 4 KiB apart already share one set.
        int stride = block + Math.Max(1, 64 / Unsafe.SizeOf<T>());
        ref T sums = ref Workspace<T>.Get(m * stride);
        for (int jb = j0; jb < j1; jb += block)
        {
            int width = Math.Min(block, j1 - jb);
            for (int p = 0; p < k; p += 4)
            {
                bool first = p == 0;
                ref T bp = ref Unsafe.Add(ref b, p * ldb + jb);
                for (int i = 0; i < m; i += 4)
                {
                    ref T ai = ref Unsafe.Add(ref a, i * aRow + p * aStep);
                    ref T si = ref Unsafe.Add(ref sums, i * stride);
                    int rows = Math.Min(4, m - i);
                    if (p + 4 <= k)
                    {
                        switch (rows)
                        {
                            case 1: UpdateRows<T, TS, TV, One, Four>(width, first, ref ai, aRow, aStep, ref bp, ldb, ref si, stride); break;
                            case 2: UpdateRows<T, TS, TV, Two, Four>(width, first, ref ai, aRow, aStep, ref bp, ldb, ref si, stride); break;
                            case 3: UpdateRows<T, TS, TV, Three, Four>(width, first, ref ai, aRow, aStep, ref bp, ldb, ref si, stride); break;
                            default: UpdateRows<T, TS, TV, Four, Four>(width, first, ref ai, aRow, aStep, ref bp, ldb, ref si, stride); break;
                        }
                    }
                    else
                    {
                        // The last k mod 4 steps, one row of B at a time.
                        for (int q = p; q < k; q++)
                        {
                            ref T aq = ref Unsafe.Add(ref ai, (q - p) * aStep);
                            ref T bq = ref Unsafe.Add(ref bp, (q - p) * ldb);
                            switch (rows)
                            {
                                case 1: UpdateRows<T, TS, TV, One, One>(width, q == 0, ref aq, aRow, aStep, ref bq, ldb, ref si, stride); break;
                                case 2: UpdateRows<T, TS, TV, Two, One>(width, q == 0, ref aq, aRow, aStep, ref bq, ldb, ref si, stride); break;
                                case 3: UpdateRows<T, TS, TV, Three, One>(width, q == 0, ref aq, aRow, aStep, ref bq, ldb, ref si, stride); break;
                                default: UpdateRows<T, TS, TV, Four, One>(width, q == 0, ref aq, aRow, aStep, ref bq, ldb, ref si, stride); break;
                            }
                        }
                    }
                }
            }

            for (int i = 0; i < m; i++)
                StoreSums<T, TS, TV>(ref Unsafe.Add(ref sums, i * stride), ref Unsafe.Add(ref c, i * ldc + jb), width, accumulate);
        }
    }

    // c[0..width) = s or c + s.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StoreSums<T, TS, TV>(ref T s, ref T c, int width, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
    {
        int w = TS.Count;
        int j = 0;
        for (; j + w <= width; j += w)
        {
            TV v = TS.Load(ref Unsafe.Add(ref s, j));
            if (accumulate) v = TS.Add(TS.Load(ref Unsafe.Add(ref c, j)), v);
            TS.Store(v, ref Unsafe.Add(ref c, j));
        }
        for (; j < width; j++)
            Unsafe.Add(ref c, j) = accumulate ? Unsafe.Add(ref c, j) + Unsafe.Add(ref s, j) : Unsafe.Add(ref s, j);
    }

    // For TRows rows of the sums and TDepth (1 or 4) rows of B: s[r, j] = fma chain over the TDepth steps
    // (from zero when first), for j in [0, width), in vectors and then one element at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UpdateRows<T, TS, TV, TRows, TDepth>(int width, bool first, ref T a, nint aRow, nint aStep,
        ref T b, nint ldb, ref T c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
        where TRows : struct, IConstant
        where TDepth : struct, IConstant
    {
        int vectorEnd = width / TS.Count * TS.Count;
        UpdateColumns<T, TS, TV, TRows, TDepth>(0, vectorEnd, first, ref a, aRow, aStep, ref b, ldb, ref c, ldc);
        UpdateColumns<T, SimdScalar<T>, T, TRows, TDepth>(vectorEnd, width, first, ref a, aRow, aStep, ref b, ldb, ref c, ldc);
    }

    // The broadcasts of A (up to 4×4) and the TDepth vectors of B stay in registers, so each B vector
    // loaded feeds every row of C.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateColumns<T, TS, TV, TRows, TDepth>(int from, int to, bool first, ref T a, nint aRow,
        nint aStep, ref T b, nint ldb, ref T c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
        where TRows : struct, IConstant
        where TDepth : struct, IConstant
    {
        int rows = TRows.Value;
        bool deep = TDepth.Value == 4;
        ref T a1 = ref rows > 1 ? ref Unsafe.Add(ref a, aRow) : ref a;
        ref T a2 = ref rows > 2 ? ref Unsafe.Add(ref a, 2 * aRow) : ref a;
        ref T a3 = ref rows > 3 ? ref Unsafe.Add(ref a, 3 * aRow) : ref a;
        (TV x00, TV x01, TV x02, TV x03) = Broadcasts<T, TS, TV>(ref a, aStep, deep);
        (TV x10, TV x11, TV x12, TV x13) = rows > 1 ? Broadcasts<T, TS, TV>(ref a1, aStep, deep) : default;
        (TV x20, TV x21, TV x22, TV x23) = rows > 2 ? Broadcasts<T, TS, TV>(ref a2, aStep, deep) : default;
        (TV x30, TV x31, TV x32, TV x33) = rows > 3 ? Broadcasts<T, TS, TV>(ref a3, aStep, deep) : default;
        ref T b1 = ref deep ? ref Unsafe.Add(ref b, ldb) : ref b;
        ref T b2 = ref deep ? ref Unsafe.Add(ref b, 2 * ldb) : ref b;
        ref T b3 = ref deep ? ref Unsafe.Add(ref b, 3 * ldb) : ref b;
        ref T c1 = ref rows > 1 ? ref Unsafe.Add(ref c, ldc) : ref c;
        ref T c2 = ref rows > 2 ? ref Unsafe.Add(ref c, 2 * ldc) : ref c;
        ref T c3 = ref rows > 3 ? ref Unsafe.Add(ref c, 3 * ldc) : ref c;
        int step = TS.Count;
        for (int j = from; j < to; j += step)
        {
            TV y0 = TS.Load(ref Unsafe.Add(ref b, j));
            TV y1 = deep ? TS.Load(ref Unsafe.Add(ref b1, j)) : default;
            TV y2 = deep ? TS.Load(ref Unsafe.Add(ref b2, j)) : default;
            TV y3 = deep ? TS.Load(ref Unsafe.Add(ref b3, j)) : default;
            UpdateElement<T, TS, TV>(ref Unsafe.Add(ref c, j), first, deep, y0, y1, y2, y3, x00, x01, x02, x03);
            if (rows > 1) UpdateElement<T, TS, TV>(ref Unsafe.Add(ref c1, j), first, deep, y0, y1, y2, y3, x10, x11, x12, x13);
            if (rows > 2) UpdateElement<T, TS, TV>(ref Unsafe.Add(ref c2, j), first, deep, y0, y1, y2, y3, x20, x21, x22, x23);
            if (rows > 3) UpdateElement<T, TS, TV>(ref Unsafe.Add(ref c3, j), first, deep, y0, y1, y2, y3, x30, x31, x32, x33);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV, TV, TV, TV) Broadcasts<T, TS, TV>(ref T a, nint aStep, bool deep)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
    {
        TV x0 = TS.Broadcast(a);
        if (!deep) return (x0, default, default, default);
        return (x0, TS.Broadcast(Unsafe.Add(ref a, aStep)), TS.Broadcast(Unsafe.Add(ref a, 2 * aStep)),
            TS.Broadcast(Unsafe.Add(ref a, 3 * aStep)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateElement<T, TS, TV>(ref T c, bool first, bool deep, TV y0, TV y1, TV y2, TV y3,
        TV x0, TV x1, TV x2, TV x3)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
    {
        TV sum = first ? default : TS.Load(ref c);
        sum = TS.MultiplyAdd(x0, y0, sum);
        if (deep)
        {
            sum = TS.MultiplyAdd(x1, y1, sum);
            sum = TS.MultiplyAdd(x2, y2, sum);
            sum = TS.MultiplyAdd(x3, y3, sum);
        }
        TS.Store(sum, ref c);
    }

    // C[i, j] (+)= Σ_p A[i, p]·B[j, p] for NT: rows of A and B are both contiguous in p, so blocks of
    // up to 4 rows of A and 4 rows of B keep 16 lane-wise partial sums, reduced at the end.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SmallDots<T, TS, TV>(int m, int j0, int j1, int k, ref T a, nint lda, ref T b, nint ldb,
        ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
    {
        for (int i = 0; i < m; i += 4)
        {
            int rows = Math.Min(4, m - i);
            ref T ai = ref Unsafe.Add(ref a, i * lda);
            ref T ci = ref Unsafe.Add(ref c, i * ldc);
            switch (rows)
            {
                case 1: DotsOf<T, TS, TV, One>(j0, j1, k, ref ai, lda, ref b, ldb, ref ci, ldc, accumulate); break;
                case 2: DotsOf<T, TS, TV, Two>(j0, j1, k, ref ai, lda, ref b, ldb, ref ci, ldc, accumulate); break;
                case 3: DotsOf<T, TS, TV, Three>(j0, j1, k, ref ai, lda, ref b, ldb, ref ci, ldc, accumulate); break;
                default: DotsOf<T, TS, TV, Four>(j0, j1, k, ref ai, lda, ref b, ldb, ref ci, ldc, accumulate); break;
            }
        }
    }

    private static void DotsOf<T, TS, TV, TRows>(int j0, int j1, int k, ref T a, nint lda, ref T b, nint ldb,
        ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
        where TRows : struct, IConstant
    {
        for (int j = j0; j < j1; j += 4)
        {
            DotBlock<T, TS, TV, TRows>(Math.Min(4, j1 - j), k, ref a, lda, ref Unsafe.Add(ref b, j * ldb), ldb,
                ref Unsafe.Add(ref c, j), ldc, accumulate);
        }
    }

    // TRows ≤ 4 rows of A against cols ≤ 4 rows of B. Element (r, q) is the fixed-order horizontal sum
    // of its lane-wise partial sums plus the leftover p < k one at a time, so it does not depend on the
    // block it falls in. Rows and columns past the block alias the first one and are not stored.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotBlock<T, TS, TV, TRows>(int cols, int k, ref T a, nint lda, ref T b, nint ldb,
        ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
        where TRows : struct, IConstant
    {
        int w = TS.Count;
        int rows = TRows.Value;
        ref T a1 = ref rows > 1 ? ref Unsafe.Add(ref a, lda) : ref a;
        ref T a2 = ref rows > 2 ? ref Unsafe.Add(ref a, 2 * lda) : ref a;
        ref T a3 = ref rows > 3 ? ref Unsafe.Add(ref a, 3 * lda) : ref a;
        ref T b1 = ref cols > 1 ? ref Unsafe.Add(ref b, ldb) : ref b;
        ref T b2 = ref cols > 2 ? ref Unsafe.Add(ref b, 2 * ldb) : ref b;
        ref T b3 = ref cols > 3 ? ref Unsafe.Add(ref b, 3 * ldb) : ref b;
        TV s00 = default, s01 = default, s02 = default, s03 = default, s10 = default, s11 = default, s12 = default, s13 = default;
        TV s20 = default, s21 = default, s22 = default, s23 = default, s30 = default, s31 = default, s32 = default, s33 = default;
        int p = 0;
        for (; p + w <= k; p += w)
        {
            TV y0 = TS.Load(ref Unsafe.Add(ref b, p)), y1 = TS.Load(ref Unsafe.Add(ref b1, p));
            TV y2 = TS.Load(ref Unsafe.Add(ref b2, p)), y3 = TS.Load(ref Unsafe.Add(ref b3, p));
            TV x = TS.Load(ref Unsafe.Add(ref a, p));
            s00 = TS.MultiplyAdd(x, y0, s00);
            s01 = TS.MultiplyAdd(x, y1, s01);
            s02 = TS.MultiplyAdd(x, y2, s02);
            s03 = TS.MultiplyAdd(x, y3, s03);
            if (rows > 1)
            {
                x = TS.Load(ref Unsafe.Add(ref a1, p));
                s10 = TS.MultiplyAdd(x, y0, s10);
                s11 = TS.MultiplyAdd(x, y1, s11);
                s12 = TS.MultiplyAdd(x, y2, s12);
                s13 = TS.MultiplyAdd(x, y3, s13);
            }
            if (rows > 2)
            {
                x = TS.Load(ref Unsafe.Add(ref a2, p));
                s20 = TS.MultiplyAdd(x, y0, s20);
                s21 = TS.MultiplyAdd(x, y1, s21);
                s22 = TS.MultiplyAdd(x, y2, s22);
                s23 = TS.MultiplyAdd(x, y3, s23);
            }
            if (rows > 3)
            {
                x = TS.Load(ref Unsafe.Add(ref a3, p));
                s30 = TS.MultiplyAdd(x, y0, s30);
                s31 = TS.MultiplyAdd(x, y1, s31);
                s32 = TS.MultiplyAdd(x, y2, s32);
                s33 = TS.MultiplyAdd(x, y3, s33);
            }
        }

        // Reduce before any call: vector registers do not survive calls, and partial sums live across one
        // would be spilled inside the loop.
        T t00 = TS.Sum(s00), t01 = TS.Sum(s01), t02 = TS.Sum(s02), t03 = TS.Sum(s03);
        T t10 = TS.Sum(s10), t11 = TS.Sum(s11), t12 = TS.Sum(s12), t13 = TS.Sum(s13);
        T t20 = TS.Sum(s20), t21 = TS.Sum(s21), t22 = TS.Sum(s22), t23 = TS.Sum(s23);
        T t30 = TS.Sum(s30), t31 = TS.Sum(s31), t32 = TS.Sum(s32), t33 = TS.Sum(s33);
        StoreDots(cols, p, k, ref a, ref b, ref b1, ref b2, ref b3, ref c, accumulate, t00, t01, t02, t03);
        if (rows > 1) StoreDots(cols, p, k, ref a1, ref b, ref b1, ref b2, ref b3, ref Unsafe.Add(ref c, ldc), accumulate, t10, t11, t12, t13);
        if (rows > 2) StoreDots(cols, p, k, ref a2, ref b, ref b1, ref b2, ref b3, ref Unsafe.Add(ref c, 2 * ldc), accumulate, t20, t21, t22, t23);
        if (rows > 3) StoreDots(cols, p, k, ref a3, ref b, ref b1, ref b2, ref b3, ref Unsafe.Add(ref c, 3 * ldc), accumulate, t30, t31, t32, t33);
    }

    // One row of a dot block: finish p0..k one element at a time, then store.
    private static void StoreDots<T>(int cols, int p0, int k, ref T a, ref T b0, ref T b1, ref T b2, ref T b3,
        ref T c, bool accumulate, T s0, T s1, T s2, T s3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        StoreDot(ref c, accumulate, Finish(s0, p0, k, ref a, ref b0));
        if (cols > 1) StoreDot(ref Unsafe.Add(ref c, 1), accumulate, Finish(s1, p0, k, ref a, ref b1));
        if (cols > 2) StoreDot(ref Unsafe.Add(ref c, 2), accumulate, Finish(s2, p0, k, ref a, ref b2));
        if (cols > 3) StoreDot(ref Unsafe.Add(ref c, 3), accumulate, Finish(s3, p0, k, ref a, ref b3));

        static T Finish(T sum, int p0, int k, ref T a, ref T b)
        {
            for (int p = p0; p < k; p++) sum = SimdScalar<T>.MultiplyAdd(Unsafe.Add(ref a, p), Unsafe.Add(ref b, p), sum);
            return sum;
        }

        static void StoreDot(ref T c, bool accumulate, T value) => c = accumulate ? c + value : value;
    }
}
