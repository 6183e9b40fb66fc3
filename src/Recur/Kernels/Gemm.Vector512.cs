using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

public static partial class Gemm
{
    // 8×(2 vectors) tile: 16 accumulators, 2 B vectors and 1 broadcast of A use 19 of the 32 vector
    // registers; 16 independent FMA chains cover FMA latency × throughput, and 8 rows divide the
    // power-of-two batch sizes of recurrent layers without a ragged panel.
    private readonly struct Kernel512<T> : IKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static int Mr => 8;
        public static int Nr => 2 * Vector512<T>.Count;
        // Measured on Zen 4 (32 KiB L1d, 1 MiB L2) with bench/Recur.Benchmarks: Kc 512 beats 256 and 384
        // by 5-10% (fewer passes over C), Mc and Nc matter little. Sizes are in elements for float and
        // double alike, which keeps a strip the same number of bytes for both.
        public static int Kc => 512;
        public static int Mc => 128;
        public static int Nc => 2048;

        public static void Small(Form form, int m, int j0, int j1, int k, ref T a, nint lda, ref T b, nint ldb,
            ref T c, nint ldc, bool accumulate)
            => Small<T, Simd512<T>, Vector512<T>>(form, m, j0, j1, k, ref a, lda, ref b, ldb, ref c, ldc, accumulate);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int kc, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, nint ldc, bool add)
        {
            nuint w = (nuint)Vector512<T>.Count;
            // Rows 0..3 from a and 4..7 from a4, each at offset 0, aRow, 2·aRow or 3·aRow: plain addressing modes.
            nint aRow2 = 2 * aRow, aRow3 = 3 * aRow;
            ref T a4 = ref Unsafe.Add(ref a, 4 * aRow);
            Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector512<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;
            for (int p = 0; p < kc; p++)
            {
                Vector512<T> b0 = Vector512.LoadUnsafe(ref b);
                Vector512<T> b1 = Vector512.LoadUnsafe(ref b, w);
                Vector512<T> ai = Vector512.Create(a);
                c00 = Simd512<T>.MultiplyAdd(ai, b0, c00);
                c01 = Simd512<T>.MultiplyAdd(ai, b1, c01);
                ai = Vector512.Create(Unsafe.Add(ref a, aRow));
                c10 = Simd512<T>.MultiplyAdd(ai, b0, c10);
                c11 = Simd512<T>.MultiplyAdd(ai, b1, c11);
                ai = Vector512.Create(Unsafe.Add(ref a, aRow2));
                c20 = Simd512<T>.MultiplyAdd(ai, b0, c20);
                c21 = Simd512<T>.MultiplyAdd(ai, b1, c21);
                ai = Vector512.Create(Unsafe.Add(ref a, aRow3));
                c30 = Simd512<T>.MultiplyAdd(ai, b0, c30);
                c31 = Simd512<T>.MultiplyAdd(ai, b1, c31);
                ai = Vector512.Create(a4);
                c40 = Simd512<T>.MultiplyAdd(ai, b0, c40);
                c41 = Simd512<T>.MultiplyAdd(ai, b1, c41);
                ai = Vector512.Create(Unsafe.Add(ref a4, aRow));
                c50 = Simd512<T>.MultiplyAdd(ai, b0, c50);
                c51 = Simd512<T>.MultiplyAdd(ai, b1, c51);
                ai = Vector512.Create(Unsafe.Add(ref a4, aRow2));
                c60 = Simd512<T>.MultiplyAdd(ai, b0, c60);
                c61 = Simd512<T>.MultiplyAdd(ai, b1, c61);
                ai = Vector512.Create(Unsafe.Add(ref a4, aRow3));
                c70 = Simd512<T>.MultiplyAdd(ai, b0, c70);
                c71 = Simd512<T>.MultiplyAdd(ai, b1, c71);
                a = ref Unsafe.Add(ref a, aStep);
                a4 = ref Unsafe.Add(ref a4, aStep);
                b = ref Unsafe.Add(ref b, bStep);
            }

            StoreRow(ref c, w, add, c00, c01);
            StoreRow(ref Unsafe.Add(ref c, ldc), w, add, c10, c11);
            StoreRow(ref Unsafe.Add(ref c, 2 * ldc), w, add, c20, c21);
            StoreRow(ref Unsafe.Add(ref c, 3 * ldc), w, add, c30, c31);
            StoreRow(ref Unsafe.Add(ref c, 4 * ldc), w, add, c40, c41);
            StoreRow(ref Unsafe.Add(ref c, 5 * ldc), w, add, c50, c51);
            StoreRow(ref Unsafe.Add(ref c, 6 * ldc), w, add, c60, c61);
            StoreRow(ref Unsafe.Add(ref c, 7 * ldc), w, add, c70, c71);
        }

        public static int NarrowWidth => Vector512<T>.Count;

        // 8×(1 vector): the left half of Run's tile, each element summed over p in the same order.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void RunNarrow(int kc, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, nint ldc, bool add)
        {
            nint aRow2 = 2 * aRow, aRow3 = 3 * aRow;
            ref T a4 = ref Unsafe.Add(ref a, 4 * aRow);
            Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
            for (int p = 0; p < kc; p++)
            {
                Vector512<T> b0 = Vector512.LoadUnsafe(ref b);
                c0 = Simd512<T>.MultiplyAdd(Vector512.Create(a), b0, c0);
                c1 = Simd512<T>.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, aRow)), b0, c1);
                c2 = Simd512<T>.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, aRow2)), b0, c2);
                c3 = Simd512<T>.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a, aRow3)), b0, c3);
                c4 = Simd512<T>.MultiplyAdd(Vector512.Create(a4), b0, c4);
                c5 = Simd512<T>.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a4, aRow)), b0, c5);
                c6 = Simd512<T>.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a4, aRow2)), b0, c6);
                c7 = Simd512<T>.MultiplyAdd(Vector512.Create(Unsafe.Add(ref a4, aRow3)), b0, c7);
                a = ref Unsafe.Add(ref a, aStep);
                a4 = ref Unsafe.Add(ref a4, aStep);
                b = ref Unsafe.Add(ref b, bStep);
            }

            StoreHalf(ref c, add, c0);
            StoreHalf(ref Unsafe.Add(ref c, ldc), add, c1);
            StoreHalf(ref Unsafe.Add(ref c, 2 * ldc), add, c2);
            StoreHalf(ref Unsafe.Add(ref c, 3 * ldc), add, c3);
            StoreHalf(ref Unsafe.Add(ref c, 4 * ldc), add, c4);
            StoreHalf(ref Unsafe.Add(ref c, 5 * ldc), add, c5);
            StoreHalf(ref Unsafe.Add(ref c, 6 * ldc), add, c6);
            StoreHalf(ref Unsafe.Add(ref c, 7 * ldc), add, c7);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreHalf(ref T c, bool add, Vector512<T> v)
        {
            if (add) v += Vector512.LoadUnsafe(ref c);
            v.StoreUnsafe(ref c);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreRow(ref T c, nuint w, bool add, Vector512<T> v0, Vector512<T> v1)
        {
            if (add)
            {
                v0 += Vector512.LoadUnsafe(ref c);
                v1 += Vector512.LoadUnsafe(ref c, w);
            }
            v0.StoreUnsafe(ref c);
            v1.StoreUnsafe(ref c, w);
        }
    }
}
