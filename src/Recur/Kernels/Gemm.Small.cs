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
    // than the arithmetic. NN and TN stream rows of B; NT takes dot products of rows of A and B.
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

    // C[i, j] (+)= Σ_p op(A)[i, p]·B[p, j] for NN and TN: up to 4 rows of C at a time, so each B vector
    // loaded feeds up to 4 FMAs; columns in blocks of 2 vectors, then 1 vector, then one at a time.
    // Every element is one chain of multiply-adds in order of p, whichever block it falls in.
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
        for (int i = 0; i < m; i += 4)
        {
            int rows = Math.Min(4, m - i);
            ref T ai = ref Unsafe.Add(ref a, i * aRow);
            ref T ci = ref Unsafe.Add(ref c, i * ldc);
            switch (rows)
            {
                case 1: RowsOf<T, TS, TV, One>(j0, j1, k, ref ai, aRow, aStep, ref b, ldb, ref ci, ldc, accumulate); break;
                case 2: RowsOf<T, TS, TV, Two>(j0, j1, k, ref ai, aRow, aStep, ref b, ldb, ref ci, ldc, accumulate); break;
                case 3: RowsOf<T, TS, TV, Three>(j0, j1, k, ref ai, aRow, aStep, ref b, ldb, ref ci, ldc, accumulate); break;
                default: RowsOf<T, TS, TV, Four>(j0, j1, k, ref ai, aRow, aStep, ref b, ldb, ref ci, ldc, accumulate); break;
            }
        }
    }

    private static void RowsOf<T, TS, TV, TRows>(int j0, int j1, int k, ref T a, nint aRow, nint aStep, ref T b, nint ldb,
        ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
        where TRows : struct, IConstant
    {
        int w = TS.Count;
        int j = j0;
        for (; j + 2 * w <= j1; j += 2 * w)
            RowsBlock<T, TS, TV, TRows, Two>(k, ref a, aRow, aStep, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, j), ldc, accumulate);
        for (; j + w <= j1; j += w)
            RowsBlock<T, TS, TV, TRows, One>(k, ref a, aRow, aStep, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, j), ldc, accumulate);
        for (; j < j1; j++)
            RowsBlock<T, SimdScalar<T>, T, TRows, One>(k, ref a, aRow, aStep, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, j), ldc, accumulate);
    }

    // TRows ≤ 4 rows × TVectors ∈ {1, 2} vectors of C. Rows past TRows alias row 0 and are neither
    // computed nor stored.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsBlock<T, TS, TV, TRows, TVectors>(int k, ref T a, nint aRow, nint aStep, ref T b, nint ldb,
        ref T c, nint ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
        where TRows : struct, IConstant
        where TVectors : struct, IConstant
    {
        int w = TS.Count;
        int rows = TRows.Value;
        ref T a1 = ref rows > 1 ? ref Unsafe.Add(ref a, aRow) : ref a;
        ref T a2 = ref rows > 2 ? ref Unsafe.Add(ref a, 2 * aRow) : ref a;
        ref T a3 = ref rows > 3 ? ref Unsafe.Add(ref a, 3 * aRow) : ref a;
        TV c00 = default, c01 = default, c10 = default, c11 = default;
        TV c20 = default, c21 = default, c30 = default, c31 = default;
        bool two = TVectors.Value == 2;
        for (int p = 0; p < k; p++)
        {
            TV b0 = TS.Load(ref b);
            TV b1 = two ? TS.Load(ref Unsafe.Add(ref b, w)) : b0;
            TV x = TS.Broadcast(a);
            c00 = TS.MultiplyAdd(x, b0, c00);
            if (two) c01 = TS.MultiplyAdd(x, b1, c01);
            if (rows > 1)
            {
                x = TS.Broadcast(a1);
                c10 = TS.MultiplyAdd(x, b0, c10);
                if (two) c11 = TS.MultiplyAdd(x, b1, c11);
            }
            if (rows > 2)
            {
                x = TS.Broadcast(a2);
                c20 = TS.MultiplyAdd(x, b0, c20);
                if (two) c21 = TS.MultiplyAdd(x, b1, c21);
            }
            if (rows > 3)
            {
                x = TS.Broadcast(a3);
                c30 = TS.MultiplyAdd(x, b0, c30);
                if (two) c31 = TS.MultiplyAdd(x, b1, c31);
            }
            a = ref Unsafe.Add(ref a, aStep);
            a1 = ref Unsafe.Add(ref a1, aStep);
            a2 = ref Unsafe.Add(ref a2, aStep);
            a3 = ref Unsafe.Add(ref a3, aStep);
            b = ref Unsafe.Add(ref b, ldb);
        }

        StoreVectors<T, TS, TV>(ref c, w, two, accumulate, c00, c01);
        if (rows > 1) StoreVectors<T, TS, TV>(ref Unsafe.Add(ref c, ldc), w, two, accumulate, c10, c11);
        if (rows > 2) StoreVectors<T, TS, TV>(ref Unsafe.Add(ref c, 2 * ldc), w, two, accumulate, c20, c21);
        if (rows > 3) StoreVectors<T, TS, TV>(ref Unsafe.Add(ref c, 3 * ldc), w, two, accumulate, c30, c31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreVectors<T, TS, TV>(ref T c, int w, bool two, bool accumulate, TV v0, TV v1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TS : struct, ISimd<T, TV>
        where TV : struct
    {
        if (accumulate) v0 = TS.Add(TS.Load(ref c), v0);
        TS.Store(v0, ref c);
        if (!two) return;
        ref T c1 = ref Unsafe.Add(ref c, w);
        if (accumulate) v1 = TS.Add(TS.Load(ref c1), v1);
        TS.Store(v1, ref c1);
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
