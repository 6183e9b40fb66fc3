using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Recur.Optim;

/// <summary>Runs an <see cref="IUpdateOperator{T}"/> over every element in one pass: vectors, then a scalar tail.</summary>
internal static class UpdateLoop
{
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
}
