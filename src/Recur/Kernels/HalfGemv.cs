using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

/// <summary>
/// Matrix–vector products with the matrix stored in IEEE half precision (binary16) and the vector and result in
/// float: y[j] (+)= Σ_p W[j, p]·x[p]. For generation at batch 1, whose cost is reading the weights once per token,
/// half precision halves the bytes read. Each half is widened exactly to float (its 10-bit mantissa and 5-bit
/// exponent fit float's), and the products are summed in float, so the only error is the rounding of the weights
/// to half (relative 2^-11 for normal halves, absolute 2^-25 below 2^-14). Large products are split by rows across
/// <see cref="KernelThreads"/>; a row's sum does not depend on which thread computes it.
/// </summary>
public static class HalfGemv
{
    // Below this many weights the rows stay on the calling thread.
    private const long ParallelMinWeights = 1L << 17;

    // 2^112 turns a half's exponent and mantissa, shifted into float's field positions, into the float of the same
    // value: float's exponent bias (127) exceeds half's (15) by 112. This holds for subnormal halves too.
    private const float HalfToSingleScale = 5.192296858534828e33f;

    /// <summary>When true, the vector paths are skipped (tests compare the two).</summary>
    [ThreadStatic] internal static bool ScalarOnly;

    /// <summary>Rounds <paramref name="source"/> to half precision (to nearest even).</summary>
    /// <exception cref="ArgumentException">The destination is too short, or a value is not finite or exceeds half's
    /// largest finite value, 65504.</exception>
    public static void ToHalf(ReadOnlySpan<float> source, Span<Half> destination)
    {
        if (destination.Length < source.Length) throw new ArgumentException("Destination is too short.", nameof(destination));
        for (int i = 0; i < source.Length; i++)
        {
            Half h = (Half)source[i];
            if (!Half.IsFinite(h))
                throw new ArgumentException($"Value {source[i]} at index {i} has no finite half-precision form.", nameof(source));
            destination[i] = h;
        }
    }

    /// <summary>y[j] (+)= Σ_p W[j, p]·x[p] for j &lt; n.</summary>
    /// <param name="n">Rows of W.</param>
    /// <param name="k">Columns of W, length of x.</param>
    /// <param name="w">W [n, k] in half precision, row stride <paramref name="ldw"/>.</param>
    /// <param name="ldw">Row stride of W (≥ k).</param>
    /// <param name="x">x [k].</param>
    /// <param name="y">y [n].</param>
    /// <param name="accumulate">Add to y instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A span is too short or a size is negative.</exception>
    public static unsafe void Multiply(int n, int k, ReadOnlySpan<Half> w, int ldw, ReadOnlySpan<float> x, Span<float> y,
        bool accumulate = false)
    {
        if (n < 0 || k < 0) throw new ArgumentException($"Negative size {n}x{k}.", nameof(n));
        if (ldw < k) throw new ArgumentException($"Row stride {ldw} is below {k} columns.", nameof(ldw));
        if (n > 0 && (long)(n - 1) * ldw + k > w.Length) throw new ArgumentException($"W of {w.Length} halves is too short for {n}x{k}.", nameof(w));
        if (x.Length < k) throw new ArgumentException($"Expected {k} inputs.", nameof(x));
        if (y.Length < n) throw new ArgumentException($"Expected room for {n} outputs.", nameof(y));
        if (n == 0) return;
        var bits = MemoryMarshal.Cast<Half, ushort>(w);
        int parts = KernelThreads.Count > 1 && (long)n * k >= ParallelMinWeights ? Math.Min(n, KernelThreads.Count) : 1;
        if (parts == 1)
        {
            Rows(0, n, k, bits, ldw, x, y, accumulate);
            return;
        }
        fixed (ushort* pw = bits)
        fixed (float* px = x)
        fixed (float* py = y)
        {
            var job = Job.ForCurrentThread();
            job.Set(n, k, pw, ldw, px, py, accumulate, parts);
            try
            {
                KernelThreads.Run(job, parts);
            }
            finally
            {
                job.Clear();
            }
        }
    }

    /// <summary>Scalar oracle: the same sum in double, rounded to float.</summary>
    public static void Reference(int n, int k, ReadOnlySpan<Half> w, int ldw, ReadOnlySpan<float> x, Span<float> y, bool accumulate = false)
    {
        for (int j = 0; j < n; j++)
        {
            double s = accumulate ? y[j] : 0;
            for (int p = 0; p < k; p++) s += (double)w[j * ldw + p] * x[p];
            y[j] = (float)s;
        }
    }

    private static void Rows(int j0, int j1, int k, ReadOnlySpan<ushort> w, int ldw, ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        ref ushort rw = ref MemoryMarshal.GetReference(w);
        ref float rx = ref MemoryMarshal.GetReference(x);
        for (int j = j0; j < j1; j++)
        {
            float s = Dot(ref Unsafe.Add(ref rw, (nint)j * ldw), ref rx, k);
            y[j] = accumulate ? y[j] + s : s;
        }
    }

    // Two accumulators over alternate vectors hide the FMA latency; they, then the tail, are added in a fixed order.
    private static float Dot(ref ushort w, ref float x, int k)
    {
        int p = 0;
        float sum = 0;
        if (!ScalarOnly && Vector512.IsHardwareAccelerated)
        {
            const int W = 16;
            Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero;
            for (; p + 2 * W <= k; p += 2 * W)
            {
                a0 = Vector512.FusedMultiplyAdd(Widen512(ref Unsafe.Add(ref w, p)), Vector512.LoadUnsafe(ref x, (nuint)p), a0);
                a1 = Vector512.FusedMultiplyAdd(Widen512(ref Unsafe.Add(ref w, p + W)), Vector512.LoadUnsafe(ref x, (nuint)(p + W)), a1);
            }
            for (; p + W <= k; p += W)
                a0 = Vector512.FusedMultiplyAdd(Widen512(ref Unsafe.Add(ref w, p)), Vector512.LoadUnsafe(ref x, (nuint)p), a0);
            sum = Vector512.Sum(a0 + a1);
        }
        else if (!ScalarOnly && Vector256.IsHardwareAccelerated)
        {
            const int W = 8;
            Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero;
            for (; p + 2 * W <= k; p += 2 * W)
            {
                a0 = Vector256.FusedMultiplyAdd(Widen256(ref Unsafe.Add(ref w, p)), Vector256.LoadUnsafe(ref x, (nuint)p), a0);
                a1 = Vector256.FusedMultiplyAdd(Widen256(ref Unsafe.Add(ref w, p + W)), Vector256.LoadUnsafe(ref x, (nuint)(p + W)), a1);
            }
            for (; p + W <= k; p += W)
                a0 = Vector256.FusedMultiplyAdd(Widen256(ref Unsafe.Add(ref w, p)), Vector256.LoadUnsafe(ref x, (nuint)p), a0);
            sum = Vector256.Sum(a0 + a1);
        }
        for (; p < k; p++) sum += (float)BitConverter.UInt16BitsToHalf(Unsafe.Add(ref w, p)) * Unsafe.Add(ref x, p);
        return sum;
    }

    // 16 halves to 16 floats: the exponent and mantissa bits move up 13 places and are rescaled by 2^112, then the
    // sign goes on. Weights are finite (see ToHalf), so half's infinity/NaN encoding never occurs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Widen512(ref ushort h)
    {
        var u = Vector512.WidenLower(Vector256.LoadUnsafe(ref h).ToVector512Unsafe());
        var magnitude = Vector512.ShiftLeft(u & Vector512.Create(0x7FFFu), 13).AsSingle() * Vector512.Create(HalfToSingleScale);
        return (magnitude.AsUInt32() | Vector512.ShiftLeft(u & Vector512.Create(0x8000u), 16)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Widen256(ref ushort h)
    {
        var u = Vector256.WidenLower(Vector128.LoadUnsafe(ref h).ToVector256Unsafe());
        var magnitude = Vector256.ShiftLeft(u & Vector256.Create(0x7FFFu), 13).AsSingle() * Vector256.Create(HalfToSingleScale);
        return (magnitude.AsUInt32() | Vector256.ShiftLeft(u & Vector256.Create(0x8000u), 16)).AsSingle();
    }

    // One product split into contiguous row ranges; one instance per calling thread, operands pinned by the caller.
    private sealed unsafe class Job : KernelThreads.Work
    {
        [ThreadStatic] private static Job? t_instance;

        private int _n, _k, _ldw, _parts;
        private ushort* _w;
        private float* _x, _y;
        private bool _accumulate;

        public static Job ForCurrentThread() => t_instance ??= new Job();

        public void Set(int n, int k, ushort* w, int ldw, float* x, float* y, bool accumulate, int parts)
        {
            (_n, _k, _ldw, _parts, _accumulate) = (n, k, ldw, parts, accumulate);
            _w = w;
            _x = x;
            _y = y;
        }

        public void Clear()
        {
            _w = null;
            _x = null;
            _y = null;
        }

        public override void Execute(int part)
        {
            int j0 = (int)((long)_n * part / _parts), j1 = (int)((long)_n * (part + 1) / _parts);
            Rows(j0, j1, _k, new ReadOnlySpan<ushort>(_w, checked((int)((long)(_n - 1) * _ldw + _k))), _ldw,
                new ReadOnlySpan<float>(_x, _k), new Span<float>(_y, _n), _accumulate);
        }
    }
}
