namespace Recur.Tests.Optim;

/// <summary>An element passes when |actual − expected| ≤ Absolute + Relative·|expected|.</summary>
/// <param name="Relative">Bound relative to the expected value.</param>
/// <param name="Absolute">Bound for values near zero, where a relative bound means nothing.</param>
public readonly record struct Tolerance(double Relative, double Absolute)
{
    /// <summary>
    /// float64 against torch float64: the same operations in the same order, but torch's vectorised kernels
    /// may round a·x + y differently (fused), about an ulp per operation; five steps stay far inside 1e-12.
    /// </summary>
    public static readonly Tolerance TorchFloat64 = new(1e-12, 1e-15);

    /// <summary>
    /// float32 against torch float32: 1e-6 is about eight ulps; the absolute part (an ulp near 1) covers
    /// parameters near zero, which carry the rounding of their O(1) inputs.
    /// </summary>
    public static readonly Tolerance TorchFloat32 = new(1e-6, 1.2e-7);

    /// <summary>Picks the tolerance for the element type.</summary>
    public static Tolerance For<T>() => typeof(T) == typeof(float) ? TorchFloat32 : TorchFloat64;
}
