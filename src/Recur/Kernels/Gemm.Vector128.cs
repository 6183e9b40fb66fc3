using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

public static partial class Gemm
{
    // The Kernel512 tile on 128-bit vectors: 15 live vectors fit the 16 registers of SSE and leave
    // room on AdvSimd.
    private readonly struct Kernel128<T> : IKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static int Mr => 6;
        public static int Nr => 2 * Vector128<T>.Count;
        public static int Kc => 512;
        public static int Mc => 120;
        public static int Nc => 2048;

        public static void Small(Form form, int m, int j0, int j1, int k, ref T a, nint lda, ref T b, nint ldb,
            ref T c, nint ldc, bool accumulate)
            => Small<T, Simd128<T>, Vector128<T>>(form, m, j0, j1, k, ref a, lda, ref b, ldb, ref c, ldc, accumulate);

        // No narrower tile: an edge strip computes the full width.
        public static int NarrowWidth => 0;

        public static void RunNarrow(int kc, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, nint ldc, bool add)
            => Run(kc, ref a, aRow, aStep, ref b, bStep, ref c, ldc, add);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int kc, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, nint ldc, bool add)
        {
            nuint w = (nuint)Vector128<T>.Count;
            // Rows 0..2 from a, rows 3..5 from a3, each at offset 0, aRow or 2·aRow: plain addressing modes.
            nint aRow2 = 2 * aRow;
            ref T a3 = ref Unsafe.Add(ref a, 3 * aRow);
            Vector128<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector128<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            for (int p = 0; p < kc; p++)
            {
                Vector128<T> b0 = Vector128.LoadUnsafe(ref b);
                Vector128<T> b1 = Vector128.LoadUnsafe(ref b, w);
                Vector128<T> ai = Vector128.Create(a);
                c00 = Simd128<T>.MultiplyAdd(ai, b0, c00);
                c01 = Simd128<T>.MultiplyAdd(ai, b1, c01);
                ai = Vector128.Create(Unsafe.Add(ref a, aRow));
                c10 = Simd128<T>.MultiplyAdd(ai, b0, c10);
                c11 = Simd128<T>.MultiplyAdd(ai, b1, c11);
                ai = Vector128.Create(Unsafe.Add(ref a, aRow2));
                c20 = Simd128<T>.MultiplyAdd(ai, b0, c20);
                c21 = Simd128<T>.MultiplyAdd(ai, b1, c21);
                ai = Vector128.Create(a3);
                c30 = Simd128<T>.MultiplyAdd(ai, b0, c30);
                c31 = Simd128<T>.MultiplyAdd(ai, b1, c31);
                ai = Vector128.Create(Unsafe.Add(ref a3, aRow));
                c40 = Simd128<T>.MultiplyAdd(ai, b0, c40);
                c41 = Simd128<T>.MultiplyAdd(ai, b1, c41);
                ai = Vector128.Create(Unsafe.Add(ref a3, aRow2));
                c50 = Simd128<T>.MultiplyAdd(ai, b0, c50);
                c51 = Simd128<T>.MultiplyAdd(ai, b1, c51);
                a = ref Unsafe.Add(ref a, aStep);
                a3 = ref Unsafe.Add(ref a3, aStep);
                b = ref Unsafe.Add(ref b, bStep);
            }

            StoreRow(ref c, w, add, c00, c01);
            StoreRow(ref Unsafe.Add(ref c, ldc), w, add, c10, c11);
            StoreRow(ref Unsafe.Add(ref c, 2 * ldc), w, add, c20, c21);
            StoreRow(ref Unsafe.Add(ref c, 3 * ldc), w, add, c30, c31);
            StoreRow(ref Unsafe.Add(ref c, 4 * ldc), w, add, c40, c41);
            StoreRow(ref Unsafe.Add(ref c, 5 * ldc), w, add, c50, c51);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreRow(ref T c, nuint w, bool add, Vector128<T> v0, Vector128<T> v1)
        {
            if (add)
            {
                v0 += Vector128.LoadUnsafe(ref c);
                v1 += Vector128.LoadUnsafe(ref c, w);
            }
            v0.StoreUnsafe(ref c);
            v1.StoreUnsafe(ref c, w);
        }
    }
}
