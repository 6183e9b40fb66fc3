using Recur.Diagnostics;

namespace Recur.Tests.TestSupport;

/// <summary>Central finite differences of a scalar loss against analytic gradients, in double, through the library's <see cref="GradientCheck"/>.</summary>
public static class ParameterGradientCheck
{
    /// <summary>
    /// Perturbs every element of <paramref name="values"/> by ±<see cref="Tolerances.FiniteDifferenceStep"/>, and asserts
    /// ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖) ≤ <see cref="Tolerances.GradientCheck"/>, reporting the worst element.
    /// </summary>
    /// <param name="values">The inputs of <paramref name="loss"/> (parameters or activations), restored afterwards.</param>
    /// <param name="analytic">∂loss/∂values computed by the code under test.</param>
    /// <param name="loss">Recomputes the loss from <paramref name="values"/>; must be deterministic.</param>
    /// <param name="what">Name in the failure message.</param>
    public static void Check(Span<double> values, ReadOnlySpan<double> analytic, Func<double> loss, string what)
    {
        Assert.True(values.Length == analytic.Length, $"{what}: {values.Length} values but {analytic.Length} gradients");
        bool nonZero = false;
        foreach (double a in analytic) nonZero |= a != 0;
        Assert.True(nonZero, $"{what}: the analytic gradient is zero everywhere");
        var check = GradientCheck.Compare(what, "", values, analytic, loss, new GradientCheckOptions { Step = Tolerances.FiniteDifferenceStep });
        Assert.True(check.Passed(Tolerances.GradientCheck),
            $"{what}: relative error {check.RelativeError:E3} > {Tolerances.GradientCheck:E1}; worst at {check.WorstIndex}: analytic {check.WorstAnalytic:R}, numeric {check.WorstNumeric:R}");
    }
}
