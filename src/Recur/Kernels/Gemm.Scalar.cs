using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recur.Kernels;

public static partial class Gemm
{
    // 4×4 scalar tile for T without vector support (Half, NFloat) or hardware without SIMD.
    // Plain multiply-then-add: a software FMA would be exact but far slower.
    private readonly struct KernelScalar<T> : IKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static int Mr => 4;
        public static int Nr => 4;
        public static int Kc => 256;
        public static int Mc => 64;
        public static int Nc => 1024;

        public static void Small(Form form, int m, int j0, int j1, int k, ref T a, nint lda, ref T b, nint ldb,
            ref T c, nint ldc, bool accumulate)
            => Small<T, SimdScalar<T>, T>(form, m, j0, j1, k, ref a, lda, ref b, ldb, ref c, ldc, accumulate);

        // No narrower tile: an edge strip computes the full width.
        public static int NarrowWidth => 0;

        public static void RunNarrow(int kc, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, nint ldc, bool add)
            => Run(kc, ref a, aRow, aStep, ref b, bStep, ref c, ldc, add);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(int kc, ref T a, nint aRow, nint aStep, ref T b, nint bStep, ref T c, nint ldc, bool add)
        {
            T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
            T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
            T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
            T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
            ref T a2 = ref Unsafe.Add(ref a, 2 * aRow);
            for (int p = 0; p < kc; p++)
            {
                T b0 = b, b1 = Unsafe.Add(ref b, 1), b2 = Unsafe.Add(ref b, 2), b3 = Unsafe.Add(ref b, 3);
                T ai = a;
                c00 += ai * b0; c01 += ai * b1; c02 += ai * b2; c03 += ai * b3;
                ai = Unsafe.Add(ref a, aRow);
                c10 += ai * b0; c11 += ai * b1; c12 += ai * b2; c13 += ai * b3;
                ai = a2;
                c20 += ai * b0; c21 += ai * b1; c22 += ai * b2; c23 += ai * b3;
                ai = Unsafe.Add(ref a2, aRow);
                c30 += ai * b0; c31 += ai * b1; c32 += ai * b2; c33 += ai * b3;
                a = ref Unsafe.Add(ref a, aStep);
                a2 = ref Unsafe.Add(ref a2, aStep);
                b = ref Unsafe.Add(ref b, bStep);
            }

            StoreRow(ref c, add, c00, c01, c02, c03);
            StoreRow(ref Unsafe.Add(ref c, ldc), add, c10, c11, c12, c13);
            StoreRow(ref Unsafe.Add(ref c, 2 * ldc), add, c20, c21, c22, c23);
            StoreRow(ref Unsafe.Add(ref c, 3 * ldc), add, c30, c31, c32, c33);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreRow(ref T c, bool add, T v0, T v1, T v2, T v3)
        {
            if (add)
            {
                v0 += c;
                v1 += Unsafe.Add(ref c, 1);
                v2 += Unsafe.Add(ref c, 2);
                v3 += Unsafe.Add(ref c, 3);
            }
            c = v0;
            Unsafe.Add(ref c, 1) = v1;
            Unsafe.Add(ref c, 2) = v2;
            Unsafe.Add(ref c, 3) = v3;
        }
    }
}
