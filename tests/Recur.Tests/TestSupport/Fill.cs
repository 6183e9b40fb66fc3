using System.Numerics;
using Recur.Training;

namespace Recur.Tests.TestSupport;

/// <summary>Deterministic random tensors for tests.</summary>
public static class Fill
{
    /// <summary>A new array of uniform values in [lo, hi).</summary>
    public static T[] Uniform<T>(Rng rng, int length, double lo = -1, double hi = 1) where T : INumberBase<T>
    {
        var a = new T[length];
        Uniform(rng, a, lo, hi);
        return a;
    }

    /// <summary>Fills a span with uniform values in [lo, hi).</summary>
    public static void Uniform<T>(Rng rng, Span<T> a, double lo = -1, double hi = 1) where T : INumberBase<T>
    {
        for (int i = 0; i < a.Length; i++) a[i] = T.CreateChecked(rng.NextUniform(lo, hi));
    }
}
