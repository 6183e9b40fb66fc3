using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    // A half's sign, exponent and mantissa, moved into float's field positions, read as a float give the half's value
    // times 2^-112: float's exponent bias (127) exceeds half's (15) by 112. This holds for subnormal halves too.
    // Scaling x by 2^112 instead of every weight leaves each product w·x exactly as it was.
    private const float HalfToSingleScale = 5.192296858534828e33f;
    private const float SingleToHalfScale = 1.925929944387236e-34f;
    private const int WeightBitsMask = unchecked((int)0x8FFFE000);
    private const float MaxScaledInput = 65536f;

    [ThreadStatic] private static float[]? t_scaledInput;

    private static Span<float> ScaledInput(int k)
    {
        if (t_scaledInput is null || t_scaledInput.Length < k) t_scaledInput = new float[k];
        return t_scaledInput.AsSpan(0, k);
    }

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
        x = x[..k];
        // x·2^112 stays finite while |x| < 2^16; larger inputs take the path that converts each weight in full.
        float largest = k > 0 ? MathF.Abs(TensorPrimitives.MaxMagnitude(x)) : float.NaN;
        bool scaled = largest < MaxScaledInput;
        if (scaled)
        {
            var xs = ScaledInput(k);
            TensorPrimitives.Multiply(x, HalfToSingleScale, xs);
            x = xs;
        }
        int parts = KernelThreads.Count > 1 && (long)n * k >= ParallelMinWeights ? Math.Min(n, KernelThreads.Count) : 1;
        if (parts == 1)
        {
            Rows(0, n, k, bits, ldw, x, scaled, y, accumulate);
            return;
        }
        fixed (ushort* pw = bits)
        fixed (float* px = x)
        fixed (float* py = y)
        {
            var job = Job.ForCurrentThread();
            job.Set(n, k, pw, ldw, px, scaled, py, accumulate, parts);
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

    // Rows [j0, j1). With xScaled, x holds x·2^112 (see Multiply), so a weight's float is its bits sign-extended,
    // shifted and masked, without a multiply. Four rows share each load of x; every row keeps one vector accumulator
    // whatever block it falls in, then adds its lanes and its tail in a fixed order, so its sum never depends on
    // the split.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows(int j0, int j1, int k, ReadOnlySpan<ushort> w, int ldw, ReadOnlySpan<float> x, bool xScaled,
        Span<float> y, bool accumulate)
    {
        ref short rw = ref Unsafe.As<ushort, short>(ref MemoryMarshal.GetReference(w));
        ref float rx = ref MemoryMarshal.GetReference(x);
        int vectorK = 0;
        int j = j0;
        if (!ScalarOnly && xScaled && Vector512.IsHardwareAccelerated)
        {
            vectorK = k / 16 * 16;
            for (; j + 4 <= j1; j += 4)
            {
                ref short w0 = ref Unsafe.Add(ref rw, (nint)j * ldw);
                ref short w1 = ref Unsafe.Add(ref w0, ldw);
                ref short w2 = ref Unsafe.Add(ref w1, ldw);
                ref short w3 = ref Unsafe.Add(ref w2, ldw);
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int p = 0; p < vectorK; p += 16)
                {
                    var xv = Vector512.LoadUnsafe(ref rx, (nuint)p);
                    a0 = Vector512.FusedMultiplyAdd(Bits512(ref Unsafe.Add(ref w0, p)), xv, a0);
                    a1 = Vector512.FusedMultiplyAdd(Bits512(ref Unsafe.Add(ref w1, p)), xv, a1);
                    a2 = Vector512.FusedMultiplyAdd(Bits512(ref Unsafe.Add(ref w2, p)), xv, a2);
                    a3 = Vector512.FusedMultiplyAdd(Bits512(ref Unsafe.Add(ref w3, p)), xv, a3);
                }
                // The lane sums first: no vector is live across the calls below, so the JIT keeps the
                // accumulators in registers in the loop (live across a call, all four were spilled to the stack
                // and reloaded every iteration: 3x slower).
                float s0 = Vector512.Sum(a0), s1 = Vector512.Sum(a1), s2 = Vector512.Sum(a2), s3 = Vector512.Sum(a3);
                Store(y, j, s0 + Tail(ref w0, ref rx, vectorK, k, xScaled), accumulate);
                Store(y, j + 1, s1 + Tail(ref w1, ref rx, vectorK, k, xScaled), accumulate);
                Store(y, j + 2, s2 + Tail(ref w2, ref rx, vectorK, k, xScaled), accumulate);
                Store(y, j + 3, s3 + Tail(ref w3, ref rx, vectorK, k, xScaled), accumulate);
            }
            for (; j < j1; j++)
            {
                ref short w0 = ref Unsafe.Add(ref rw, (nint)j * ldw);
                Vector512<float> a0 = default;
                for (int p = 0; p < vectorK; p += 16)
                    a0 = Vector512.FusedMultiplyAdd(Bits512(ref Unsafe.Add(ref w0, p)), Vector512.LoadUnsafe(ref rx, (nuint)p), a0);
                Store(y, j, Vector512.Sum(a0) + Tail(ref w0, ref rx, vectorK, k, xScaled), accumulate);
            }
            return;
        }
        if (!ScalarOnly && xScaled && Vector256.IsHardwareAccelerated)
        {
            vectorK = k / 8 * 8;
            for (; j < j1; j++)
            {
                ref short w0 = ref Unsafe.Add(ref rw, (nint)j * ldw);
                Vector256<float> a0 = default;
                for (int p = 0; p < vectorK; p += 8)
                    a0 = Vector256.FusedMultiplyAdd(Bits256(ref Unsafe.Add(ref w0, p)), Vector256.LoadUnsafe(ref rx, (nuint)p), a0);
                Store(y, j, Vector256.Sum(a0) + Tail(ref w0, ref rx, vectorK, k, xScaled), accumulate);
            }
            return;
        }
        for (; j < j1; j++)
            Store(y, j, Tail(ref Unsafe.Add(ref rw, (nint)j * ldw), ref rx, 0, k, xScaled), accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<float> y, int j, float s, bool accumulate) => y[j] = accumulate ? y[j] + s : s;

    // Σ_{p in [from, to)} w[p]·x[p], one element at a time. With xScaled the weight is taken as w·2^-112, as in the
    // vector paths.
    private static float Tail(ref short w, ref float x, int from, int to, bool xScaled)
    {
        float sum = 0;
        for (int p = from; p < to; p++)
        {
            float weight = (float)BitConverter.Int16BitsToHalf(Unsafe.Add(ref w, p));
            if (xScaled) weight *= SingleToHalfScale;
            sum = MathF.FusedMultiplyAdd(weight, Unsafe.Add(ref x, p), sum);
        }
        return sum;
    }

    // 16 halves to the floats w·2^-112: sign-extended, the half's sign fills bits 15..31; shifted 13 places, its
    // exponent and mantissa land in float's fields at bits 13..27 and the mask keeps those and the sign bit. The
    // result is exact, for subnormal halves too (they become float subnormals).
    // vpmovsxwd directly where AVX-512F has it (measured: 13% faster than the portable widening).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Bits512(ref short h)
    {
        var widened = Avx512F.IsSupported
            ? Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref h))
            : Vector512.WidenLower(Vector256.LoadUnsafe(ref h).ToVector512Unsafe());
        return (Vector512.ShiftLeft(widened, 13) & Vector512.Create(WeightBitsMask)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Bits256(ref short h)
        => (Vector256.ShiftLeft(Vector256.WidenLower(Vector128.LoadUnsafe(ref h).ToVector256Unsafe()), 13) & Vector256.Create(WeightBitsMask)).AsSingle();

    // One product split into contiguous row ranges; one instance per calling thread, operands pinned by the caller.
    private sealed unsafe class Job : KernelThreads.Work
    {
        [ThreadStatic] private static Job? t_instance;

        private int _n, _k, _ldw, _parts;
        private ushort* _w;
        private float* _x, _y;
        private bool _accumulate, _scaled;

        public static Job ForCurrentThread() => t_instance ??= new Job();

        public void Set(int n, int k, ushort* w, int ldw, float* x, bool scaled, float* y, bool accumulate, int parts)
        {
            (_n, _k, _ldw, _parts, _accumulate, _scaled) = (n, k, ldw, parts, accumulate, scaled);
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
                new ReadOnlySpan<float>(_x, _k), _scaled, new Span<float>(_y, _n), _accumulate);
        }
    }
}
