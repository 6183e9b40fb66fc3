using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using Recur.Kernels;

namespace Recur.Optim;

/// <summary>
/// Runs an <see cref="IUpdateOperator{T}"/> over every element in one pass: vectors, then a scalar tail. Large parameter
/// sets are split into slices on the kernel threads; slices start at multiples of the vector width, so every element is
/// updated by the same path (vector or scalar tail) whatever the thread count, and the result does not depend on it.
/// </summary>
internal static class UpdateLoop
{
    // Below this many elements one thread does it: a slice must outweigh handing it to another thread (a few µs).
    private const int ParallelMinElements = 1 << 16;

    /// <summary>Applies <paramref name="op"/> to each element.</summary>
    /// <param name="op">The update.</param>
    /// <param name="p">Parameters, updated in place.</param>
    /// <param name="g">Gradients, as long as <paramref name="p"/>.</param>
    /// <param name="s0">State, as long as <paramref name="p"/>, or empty when the update does not use it.</param>
    /// <param name="s1">State, as long as <paramref name="p"/>, or empty.</param>
    /// <param name="s2">State, as long as <paramref name="p"/>, or empty.</param>
    /// <param name="scalarOnly">Skips the vector path (tests compare the two).</param>
    public static void Run<T, TOp>(in TOp op, Span<T> p, ReadOnlySpan<T> g, Span<T> s0, Span<T> s1, Span<T> s2, bool scalarOnly)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        int n = p.Length;
        Debug.Assert(g.Length == n);
        Debug.Assert(s0.IsEmpty || s0.Length == n);
        Debug.Assert(s1.IsEmpty || s1.Length == n);
        Debug.Assert(s2.IsEmpty || s2.Length == n);
        int threads = KernelThreads.Count;
        if (threads > 1 && n >= ParallelMinElements)
        {
            Slices<T, TOp>.Run(op, p, g, s0, s1, s2, scalarOnly, threads);
            return;
        }
        RunSerial(op, p, g, s0, s1, s2, scalarOnly);
    }

    private static void RunSerial<T, TOp>(in TOp op, Span<T> p, ReadOnlySpan<T> g, Span<T> s0, Span<T> s1, Span<T> s2, bool scalarOnly)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        int n = p.Length;
        bool has0 = !s0.IsEmpty, has1 = !s1.IsEmpty, has2 = !s2.IsEmpty;

        int i = 0;
        if (!scalarOnly && Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= Vector<T>.Count)
        {
            ref T rp = ref MemoryMarshal.GetReference(p);
            ref T rg = ref MemoryMarshal.GetReference(g);
            ref T r0 = ref MemoryMarshal.GetReference(s0);
            ref T r1 = ref MemoryMarshal.GetReference(s1);
            ref T r2 = ref MemoryMarshal.GetReference(s2);
            // Every load and store below covers [i, i + width) with i + width ≤ n, inside each non-empty span.
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                nuint k = (nuint)i;
                Vector<T> vp = Vector.LoadUnsafe(ref rp, k);
                Vector<T> v0 = has0 ? Vector.LoadUnsafe(ref r0, k) : default;
                Vector<T> v1 = has1 ? Vector.LoadUnsafe(ref r1, k) : default;
                Vector<T> v2 = has2 ? Vector.LoadUnsafe(ref r2, k) : default;
                op.Invoke(ref vp, Vector.LoadUnsafe(ref rg, k), ref v0, ref v1, ref v2);
                vp.StoreUnsafe(ref rp, k);
                if (has0) v0.StoreUnsafe(ref r0, k);
                if (has1) v1.StoreUnsafe(ref r1, k);
                if (has2) v2.StoreUnsafe(ref r2, k);
            }
        }
        for (; i < n; i++)
        {
            T t0 = T.Zero, t1 = T.Zero, t2 = T.Zero;
            op.Invoke(ref p[i], g[i],
                ref has0 ? ref s0[i] : ref t0,
                ref has1 ? ref s1[i] : ref t1,
                ref has2 ? ref s2[i] : ref t2);
        }
    }

    // One update split into slices of whole vectors (the last takes the tail), run on the kernel threads. One instance per
    // calling thread is reused, so a step allocates nothing; the spans are pinned while the job runs.
    private sealed unsafe class Slices<T, TOp> : KernelThreads.Work
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        [ThreadStatic] private static Slices<T, TOp>? t_instance;

        private TOp _op;
        private T* _p, _g, _s0, _s1, _s2;
        private int _n, _parts;
        private bool _has0, _has1, _has2, _scalarOnly;

        public static void Run(in TOp op, Span<T> p, ReadOnlySpan<T> g, Span<T> s0, Span<T> s1, Span<T> s2, bool scalarOnly, int threads)
        {
            var work = t_instance ??= new Slices<T, TOp>();
            fixed (T* pp = p)
            fixed (T* pg = g)
            fixed (T* p0 = s0)
            fixed (T* p1 = s1)
            fixed (T* p2 = s2)
            {
                work._op = op;
                work._p = pp;
                work._g = pg;
                work._s0 = p0;
                work._s1 = p1;
                work._s2 = p2;
                (work._n, work._parts, work._scalarOnly) = (p.Length, threads, scalarOnly);
                (work._has0, work._has1, work._has2) = (!s0.IsEmpty, !s1.IsEmpty, !s2.IsEmpty);
                try
                {
                    KernelThreads.Run(work, threads);
                }
                finally
                {
                    work._p = work._g = work._s0 = work._s1 = work._s2 = null;
                }
            }
        }

        public override void Execute(int part)
        {
            // Slice edges at multiples of 64 elements, a multiple of every vector width.
            int blocks = (_n + 63) / 64;
            int start = (int)Math.Min(_n, (long)blocks * part / _parts * 64);
            int end = part == _parts - 1 ? _n : (int)Math.Min(_n, (long)blocks * (part + 1) / _parts * 64);
            int length = end - start;
            if (length <= 0) return;
            RunSerial(_op, new Span<T>(_p + start, length), new ReadOnlySpan<T>(_g + start, length),
                _has0 ? new Span<T>(_s0 + start, length) : default,
                _has1 ? new Span<T>(_s1 + start, length) : default,
                _has2 ? new Span<T>(_s2 + start, length) : default, _scalarOnly);
        }
    }
}
