using System.Numerics;
using System.Runtime.InteropServices;

namespace Recur.Tests.Kernels;

/// <summary>Element-wise comparisons for kernel outputs that report the worst element.</summary>
internal static class KernelAssert
{
    /// <summary>
    /// Asserts |actual[i] − expected[i]| ≤ absolute + relative·|scale[i]| for every i; NaN in actual where
    /// expected is a number fails. On failure reports the worst element (largest error over its bound),
    /// its index, and the largest error overall.
    /// </summary>
    public static void Close<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, ReadOnlySpan<T> scale,
        double relative, double absolute, string context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxError = 0, worstRatio = 0, worstError = 0, worstAllowed = 0;
        int worst = -1, violations = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateTruncating(expected[i]);
            double a = double.CreateTruncating(actual[i]);
            if (e == a || (double.IsNaN(e) && double.IsNaN(a))) continue;
            double error = Math.Abs(a - e);
            double allowed = absolute + relative * Math.Abs(double.CreateTruncating(scale[i]));
            double ratio = double.IsNaN(error) ? double.PositiveInfinity : error / allowed;
            if (!(error <= allowed)) violations++;
            if (!(error <= maxError)) maxError = error;
            if (worst < 0 || ratio > worstRatio)
                (worstRatio, worstError, worstAllowed, worst) = (ratio, error, allowed, i);
        }
        if (violations > 0)
        {
            Assert.Fail($"{context}: {violations} of {expected.Length} elements out of tolerance; worst at index {worst} " +
                $"(expected {expected[worst]}, actual {actual[worst]}, error {worstError:G6}, allowed {worstAllowed:G6}); " +
                $"max error {maxError:G6}.");
        }
    }

    /// <summary>Asserts that two spans hold the same bits, reporting the first difference.</summary>
    public static void BitwiseEqual<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string context)
        where T : unmanaged
    {
        Assert.Equal(expected.Length, actual.Length);
        ReadOnlySpan<byte> e = MemoryMarshal.AsBytes(expected), a = MemoryMarshal.AsBytes(actual);
        int first = e.CommonPrefixLength(a);
        if (first < e.Length)
        {
            int index = first / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            Assert.Fail($"{context}: first difference at index {index} (expected {expected[index]}, actual {actual[index]}).");
        }
    }
}
