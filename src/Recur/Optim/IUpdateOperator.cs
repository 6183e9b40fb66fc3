using System.Numerics;

namespace Recur.Optim;

/// <summary>
/// The per-element math of one optimiser step, written once for a scalar and once for a <see cref="Vector{T}"/>
/// with the same operations in the same order, so both paths round identically.
/// </summary>
/// <remarks>
/// <c>p</c> is a parameter, <c>g</c> its gradient, <c>s0</c>..<c>s2</c> the optimiser's state for it.
/// State an optimiser does not use is a scratch value that is read as zero and never stored.
/// </remarks>
internal interface IUpdateOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Updates one element.</summary>
    void Invoke(ref T p, T g, ref T s0, ref T s1, ref T s2);

    /// <summary>Updates <see cref="Vector{T}.Count"/> consecutive elements.</summary>
    void Invoke(ref Vector<T> p, Vector<T> g, ref Vector<T> s0, ref Vector<T> s1, ref Vector<T> s2);
}
