using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recur.Kernels;

public static partial class GateKernels
{
    // a [4H] = x·W_ihᵀ + b_ih + h_in·W_hhᵀ (gate order i, f, g, o); then, per element j:
    // a += b_hh;  i = σ(a_i);  f = σ(a_f);  g = tanh(a_g);  o = σ(a_o)
    // c = f⊙c_prev + i⊙g;  tanhC = tanh(c);  h = o⊙tanhC
    /// <summary>
    /// One whole LSTM step on one row of H units: adds <paramref name="biasHh"/> (empty for none) to the pre-activations in
    /// <paramref name="a"/> [4H], replaces them with the gate activations i, f, g, o, and writes c, tanh c and h [H].
    /// For float every element goes through all of it in registers in one pass (activations from <see cref="VectorMath"/>,
    /// within a few ulp); other types take the exact activations of <see cref="Activations"/> pass by pass, so gradient
    /// checks in double keep full precision.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public static void LstmForward<T>(int n, Span<T> a, ReadOnlySpan<T> biasHh, ReadOnlySpan<T> cPrev, Span<T> c, Span<T> tanhC, Span<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(4 * n, a, nameof(a)); Check(n, cPrev, nameof(cPrev)); Check(n, c, nameof(c)); Check(n, tanhC, nameof(tanhC)); Check(n, h, nameof(h));
        if (!biasHh.IsEmpty) Check(4 * n, biasHh, nameof(biasHh));
        if (typeof(T) == typeof(float))
        {
            LstmForwardSingle(n, MemoryMarshal.Cast<T, float>(a), MemoryMarshal.Cast<T, float>(biasHh), MemoryMarshal.Cast<T, float>(cPrev),
                MemoryMarshal.Cast<T, float>(c), MemoryMarshal.Cast<T, float>(tanhC), MemoryMarshal.Cast<T, float>(h));
            return;
        }
        a = a[..(4 * n)];
        if (!biasHh.IsEmpty) TensorPrimitives.Add(a, biasHh[..(4 * n)], a);
        Activations.Sigmoid<T>(a[..(2 * n)], a[..(2 * n)]);
        Activations.Tanh<T>(a.Slice(2 * n, n), a.Slice(2 * n, n));
        LstmCell<T>(n, a[..n], a.Slice(n, n), a.Slice(2 * n, n), cPrev, c);
        var o = a.Slice(3 * n, n);
        Activations.Sigmoid<T>(o, o);
        Activations.Tanh<T>(c[..n], tanhC);
        Multiply<T>(n, o, tanhC, h);
    }

    private static void LstmForwardSingle(int n, Span<float> a, ReadOnlySpan<float> biasHh, ReadOnlySpan<float> cPrev, Span<float> c,
        Span<float> tanhC, Span<float> h)
    {
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rc = ref MemoryMarshal.GetReference(c), rt = ref MemoryMarshal.GetReference(tanhC), rh = ref MemoryMarshal.GetReference(h);
        ref float rp = ref MemoryMarshal.GetReference(cPrev);
        // Without a bias the loop adds zeros from a row of them, which keeps one loop body (x + 0 = x exactly).
        ref float rb = ref biasHh.IsEmpty ? ref MemoryMarshal.GetArrayDataReference(ZeroRow(4 * n)) : ref MemoryMarshal.GetReference(biasHh);
        nuint un = (nuint)n, j = 0;
        if (!ScalarOnly && Vector512.IsHardwareAccelerated)
            j = LstmForwardVectors<Vector512<float>, Float512>(un, ref ra, ref rb, ref rp, ref rc, ref rt, ref rh);
        else if (!ScalarOnly && Vector256.IsHardwareAccelerated)
            j = LstmForwardVectors<Vector256<float>, Float256>(un, ref ra, ref rb, ref rp, ref rc, ref rt, ref rh);
        for (; j < un; j++)
        {
            float i = VectorMath.Sigmoid(Unsafe.Add(ref ra, j) + Unsafe.Add(ref rb, j));
            float f = VectorMath.Sigmoid(Unsafe.Add(ref ra, j + un) + Unsafe.Add(ref rb, j + un));
            float g = VectorMath.Tanh(Unsafe.Add(ref ra, j + 2 * un) + Unsafe.Add(ref rb, j + 2 * un));
            float o = VectorMath.Sigmoid(Unsafe.Add(ref ra, j + 3 * un) + Unsafe.Add(ref rb, j + 3 * un));
            float cv = f * Unsafe.Add(ref rp, j) + i * g;
            float tc = VectorMath.Tanh(cv);
            Unsafe.Add(ref ra, j) = i;
            Unsafe.Add(ref ra, j + un) = f;
            Unsafe.Add(ref ra, j + 2 * un) = g;
            Unsafe.Add(ref ra, j + 3 * un) = o;
            Unsafe.Add(ref rc, j) = cv;
            Unsafe.Add(ref rt, j) = tc;
            Unsafe.Add(ref rh, j) = o * tc;
        }
    }

    // The vector loop, compiled once per width. It is a method of its own because, together with the scalar tail, the
    // inlined activations exceed the JIT's inlining budget and some would stay calls that pass every vector through
    // memory. Returns the first element it left.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nuint LstmForwardVectors<TV, TF>(nuint n, ref float ra, ref float rb, ref float rp, ref float rc, ref float rt, ref float rh)
        where TV : struct
        where TF : IFloatVector<TV>
    {
        nuint j = 0, w = (nuint)TF.Count;
        for (; j + w <= n; j += w)
        {
            var i = VectorMath.Sigmoid<TV, TF>(TF.Add(TF.Load(ref ra, j), TF.Load(ref rb, j)));
            var f = VectorMath.Sigmoid<TV, TF>(TF.Add(TF.Load(ref ra, j + n), TF.Load(ref rb, j + n)));
            var g = VectorMath.Tanh<TV, TF>(TF.Add(TF.Load(ref ra, j + 2 * n), TF.Load(ref rb, j + 2 * n)));
            var o = VectorMath.Sigmoid<TV, TF>(TF.Add(TF.Load(ref ra, j + 3 * n), TF.Load(ref rb, j + 3 * n)));
            var cv = TF.Add(TF.Multiply(f, TF.Load(ref rp, j)), TF.Multiply(i, g));
            var tc = VectorMath.Tanh<TV, TF>(cv);
            TF.Store(i, ref ra, j);
            TF.Store(f, ref ra, j + n);
            TF.Store(g, ref ra, j + 2 * n);
            TF.Store(o, ref ra, j + 3 * n);
            TF.Store(cv, ref rc, j);
            TF.Store(tc, ref rt, j);
            TF.Store(TF.Multiply(o, tc), ref rh, j);
        }
        return j;
    }

    [ThreadStatic] private static float[]? t_zeros;

    // A row of at least n zeros, one per thread, grown on first use.
    private static float[] ZeroRow(int n)
    {
        if (t_zeros is null || t_zeros.Length < n) t_zeros = new float[n];
        return t_zeros;
    }
}
