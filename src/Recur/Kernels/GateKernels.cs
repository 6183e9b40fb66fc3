using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recur.Kernels;

/// <summary>
/// Fused element-wise passes of the recurrent gate equations, on spans of one row of H elements: each call computes a
/// whole state update (forward) or every gate gradient of a step (backward) in one loop over <see cref="Vector{T}"/>
/// lanes with a scalar tail. Every kernel has a scalar <c>Reference</c> twin that runs the same per-element function,
/// the oracle in tests. The gate activations themselves (σ, tanh) come from <see cref="Activations"/>.
/// </summary>
/// <remarks>
/// <see cref="Vector{T}"/> rather than Vector512: these passes touch H elements that sit in L1, so their cost is loads and
/// stores, not arithmetic width, and one generic path serves float and double alike.
/// </remarks>
public static partial class GateKernels
{
    private static ref T At<T>(Span<T> s) => ref MemoryMarshal.GetReference(s);

    private static ref T At<T>(ReadOnlySpan<T> s) => ref MemoryMarshal.GetReference(s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Load<T>(ReadOnlySpan<T> s, int i) => Vector.LoadUnsafe(ref At(s), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(Vector<T> v, Span<T> s, int i) => v.StoreUnsafe(ref At(s), (nuint)i);

    private static void Check<T>(int n, ReadOnlySpan<T> s, string name)
    {
        if (s.Length < n) throw new ArgumentException($"Expected at least {n} elements, got {s.Length}.", name);
    }

    /// <summary>Lanes per vector, or int.MaxValue (no vector loop) when vectors are not accelerated or
    /// <see cref="ScalarOnly"/> is set.</summary>
    private static int Lanes<T>() => Vector.IsHardwareAccelerated && !ScalarOnly ? Vector<T>.Count : int.MaxValue;

    /// <summary>Tests set this (per thread) to run the scalar path only, the reference, to compare the two.</summary>
    internal static bool ScalarOnly { get => t_scalarOnly; set => t_scalarOnly = value; }

    [ThreadStatic]
    private static bool t_scalarOnly;
}
