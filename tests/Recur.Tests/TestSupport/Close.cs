using System.Numerics;

namespace Recur.Tests.TestSupport;

/// <summary>Comparisons with named tolerances that report where the worst error is.</summary>
public static class Close
{
    /// <summary>Asserts ‖actual − expected‖ / max(‖expected‖, floor) ≤ relative, reporting the worst element.</summary>
    public static void RelativeNorm<TA, TE>(ReadOnlySpan<TA> actual, ReadOnlySpan<TE> expected, double relative, string what, double floor = 1e-12)
        where TA : INumberBase<TA> where TE : INumberBase<TE>
    {
        Assert.True(actual.Length == expected.Length, $"{what}: length {actual.Length} != expected {expected.Length}");
        double diff = 0, norm = 0, worst = -1;
        int worstAt = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double a = double.CreateChecked(actual[i]), e = double.CreateChecked(expected[i]);
            double d = a - e;
            diff += d * d;
            norm += e * e;
            if (!(Math.Abs(d) <= worst)) { worst = Math.Abs(d); worstAt = i; }
        }
        double rel = Math.Sqrt(diff) / Math.Max(Math.Sqrt(norm), floor);
        if (rel <= relative) return;
        Assert.Fail(
            $"{what}: relative error {rel:E3} > {relative:E1}; worst |diff| {worst:E3} at index {worstAt} " +
            $"(actual {(worstAt >= 0 ? double.CreateChecked(actual[worstAt]) : double.NaN):R}, expected {(worstAt >= 0 ? double.CreateChecked(expected[worstAt]) : double.NaN):R})");
    }

    /// <summary>Asserts |a − e| ≤ absolute + relative·|e| for every element, reporting the worst.</summary>
    public static void Elementwise<TA, TE>(ReadOnlySpan<TA> actual, ReadOnlySpan<TE> expected, double relative, double absolute, string what)
        where TA : INumberBase<TA> where TE : INumberBase<TE>
    {
        Assert.True(actual.Length == expected.Length, $"{what}: length {actual.Length} != expected {expected.Length}");
        double worstRatio = 0; int worstAt = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double a = double.CreateChecked(actual[i]), e = double.CreateChecked(expected[i]);
            double ratio = Math.Abs(a - e) / (absolute + relative * Math.Abs(e));
            // A NaN is the worst error: keep it rather than let a later finite ratio replace it.
            if (double.IsNaN(ratio)) { worstRatio = ratio; worstAt = i; break; }
            if (ratio > worstRatio) { worstRatio = ratio; worstAt = i; }
        }
        if (worstRatio <= 1) return;
        Assert.Fail($"{what}: element {worstAt} off by {worstRatio:F2}× the tolerance " +
            $"(actual {double.CreateChecked(actual[worstAt]):R}, expected {double.CreateChecked(expected[worstAt]):R})");
    }
}
