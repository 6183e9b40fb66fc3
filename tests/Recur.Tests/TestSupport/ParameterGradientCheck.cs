namespace Recur.Tests.TestSupport;

/// <summary>Central finite differences of a scalar loss against analytic gradients, in double.</summary>
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
        double eps = Tolerances.FiniteDifferenceStep, diff = 0, na = 0, nn = 0, worst = -1;
        int worstAt = -1;
        double worstNumeric = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + eps; double plus = loss();
            values[i] = saved - eps; double minus = loss();
            values[i] = saved;
            double numeric = (plus - minus) / (2 * eps), d = analytic[i] - numeric;
            diff += d * d; na += analytic[i] * analytic[i]; nn += numeric * numeric;
            if (Math.Abs(d) > worst) { worst = Math.Abs(d); worstAt = i; worstNumeric = numeric; }
        }
        Assert.True(na > 0, $"{what}: the analytic gradient is zero everywhere");
        double rel = Math.Sqrt(diff) / (Math.Sqrt(na) + Math.Sqrt(nn));
        Assert.True(rel <= Tolerances.GradientCheck,
            $"{what}: relative error {rel:E3} > {Tolerances.GradientCheck:E1}; worst at {worstAt}: analytic {analytic[worstAt]:R}, numeric {worstNumeric:R}");
    }
}
