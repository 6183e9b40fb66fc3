using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using X86Fma = System.Runtime.Intrinsics.X86.Fma;

namespace Recur.Kernels;

public static partial class Gemm
{
    // The vector operations the small-m paths need, written once and instantiated per width
    // (struct type arguments make the JIT compile each instantiation with these calls inlined).
    private interface ISimd<T, TV> where T : unmanaged, IFloatingPointIeee754<T> where TV : struct
    {
        static abstract int Count { get; }
        static abstract TV Load(ref T source);
        static abstract void Store(TV value, ref T destination);
        static abstract TV Broadcast(T value);
        static abstract TV Add(TV x, TV y);
        // x·y + z, fused where the hardware has FMA; fixed per process.
        static abstract TV MultiplyAdd(TV x, TV y, TV z);
        // Horizontal sum in a fixed order.
        static abstract T Sum(TV x);
    }

    private readonly struct Simd512<T> : ISimd<T, Vector512<T>> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static int Count => Vector512<T>.Count;
        public static Vector512<T> Load(ref T source) => Vector512.LoadUnsafe(ref source);
        public static void Store(Vector512<T> value, ref T destination) => value.StoreUnsafe(ref destination);
        public static Vector512<T> Broadcast(T value) => Vector512.Create(value);
        public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;
        public static T Sum(Vector512<T> x) => Vector512.Sum(x);

        // Vector512 acceleration implies AVX-512F, which has FMA.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<T> MultiplyAdd(Vector512<T> x, Vector512<T> y, Vector512<T> z)
        {
            if (typeof(T) == typeof(float))
                return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double))
                return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
            return x * y + z;
        }
    }

    private readonly struct Simd256<T> : ISimd<T, Vector256<T>> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static int Count => Vector256<T>.Count;
        public static Vector256<T> Load(ref T source) => Vector256.LoadUnsafe(ref source);
        public static void Store(Vector256<T> value, ref T destination) => value.StoreUnsafe(ref destination);
        public static Vector256<T> Broadcast(T value) => Vector256.Create(value);
        public static Vector256<T> Add(Vector256<T> x, Vector256<T> y) => x + y;
        public static T Sum(Vector256<T> x) => Vector256.Sum(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<T> MultiplyAdd(Vector256<T> x, Vector256<T> y, Vector256<T> z)
        {
            if (!X86Fma.IsSupported)
                return x * y + z;
            if (typeof(T) == typeof(float))
                return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double))
                return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
            return x * y + z;
        }
    }

    private readonly struct Simd128<T> : ISimd<T, Vector128<T>> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static int Count => Vector128<T>.Count;
        public static Vector128<T> Load(ref T source) => Vector128.LoadUnsafe(ref source);
        public static void Store(Vector128<T> value, ref T destination) => value.StoreUnsafe(ref destination);
        public static Vector128<T> Broadcast(T value) => Vector128.Create(value);
        public static Vector128<T> Add(Vector128<T> x, Vector128<T> y) => x + y;
        public static T Sum(Vector128<T> x) => Vector128.Sum(x);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<T> MultiplyAdd(Vector128<T> x, Vector128<T> y, Vector128<T> z)
        {
            if (!X86Fma.IsSupported && !System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported)
                return x * y + z;
            if (typeof(T) == typeof(float))
                return Vector128.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double))
                return Vector128.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
            return x * y + z;
        }
    }

    // One lane: the small-m paths for T without vectors or hardware without SIMD.
    private readonly struct SimdScalar<T> : ISimd<T, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static int Count => 1;
        public static T Load(ref T source) => source;
        public static void Store(T value, ref T destination) => destination = value;
        public static T Broadcast(T value) => value;
        public static T Add(T x, T y) => x + y;
        // Fused where the vector paths are, so a column handled here rounds like a vector lane.
        public static T MultiplyAdd(T x, T y, T z)
            => (X86Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported)
                && (typeof(T) == typeof(float) || typeof(T) == typeof(double))
                ? T.FusedMultiplyAdd(x, y, z)
                : x * y + z;
        public static T Sum(T x) => x;
    }
}
