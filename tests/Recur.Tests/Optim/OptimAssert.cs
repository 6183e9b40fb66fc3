using System.Numerics;

namespace Recur.Tests.Optim;

/// <summary>Element-wise comparisons that report the largest error and where it is.</summary>
internal static class OptimAssert
{
    /// <summary>Asserts every element is within <paramref name="tolerance"/> of the expected value.</summary>
    public static void Close<T>(ReadOnlySpan<T> actual, ReadOnlySpan<double> expected, Tolerance tolerance, string what)
        where T : INumberBase<T>
    {
        Assert.True(actual.Length == expected.Length, $"{what}: length {actual.Length}, expected {expected.Length}.");
        double worstRatio = 0, worstError = 0;
        int worstAt = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double a = double.CreateChecked(actual[i]), e = expected[i];
            double error = Math.Abs(a - e);
            double ratio = error == 0 ? 0 : error / (tolerance.Absolute + tolerance.Relative * Math.Abs(e));
            if (!(ratio <= worstRatio)) { worstRatio = ratio; worstError = error; worstAt = i; }
        }
        if (worstRatio <= 1) return;
        Assert.Fail(
            $"{what}: max error {worstError:E3} at index {worstAt} ({worstRatio:F2}× the tolerance " +
            $"{tolerance.Relative:E0} rel + {tolerance.Absolute:E0} abs); actual {double.CreateChecked(actual[worstAt]):R}, " +
            $"expected {expected[worstAt]:R}.");
    }

    /// <summary>Asserts two spans hold the same bits, reporting the first difference.</summary>
    public static void Identical<T>(ReadOnlySpan<T> actual, ReadOnlySpan<T> expected, string what)
        where T : IFloatingPointIeee754<T>
    {
        Assert.True(actual.Length == expected.Length, $"{what}: length {actual.Length}, expected {expected.Length}.");
        for (int i = 0; i < actual.Length; i++)
        {
            if (actual[i].Equals(expected[i]) && T.IsNegative(actual[i]) == T.IsNegative(expected[i])) continue;
            Assert.Fail($"{what}: index {i} is {actual[i]:R}, expected {expected[i]:R} " +
                $"(error {Math.Abs(double.CreateChecked(actual[i]) - double.CreateChecked(expected[i])):E3}).");
        }
    }
}
