namespace Recur.Diagnostics;

/// <summary>The finite-difference check of one tensor (a parameter, the input or an initial state).</summary>
/// <param name="Name">The tensor's name, e.g. <c>rnn.weight_hh_l0</c>, <c>x</c> or <c>h0</c>.</param>
/// <param name="Shape">The shape as text, e.g. <c>[12, 3]</c>.</param>
/// <param name="Checked">How many of its elements were perturbed (all, or a seeded sample).</param>
/// <param name="RelativeError">‖a − n‖₂ / (‖a‖₂ + ‖n‖₂) over the checked elements, analytic a against numeric n (the
/// course's measure, which decides pass or fail); ‖a − n‖₂ when both are zero.</param>
/// <param name="MaxElementError">The largest element error |aᵢ − nᵢ| / max(|aᵢ| + |nᵢ|, <see cref="GradientCheck.ElementFloor"/>):
/// where a wrong gradient is, though noisier than <paramref name="RelativeError"/> (up to about 1e-5 for correct code).</param>
/// <param name="WorstIndex">The flat index of the element with <see cref="MaxElementError"/>.</param>
/// <param name="WorstAnalytic">The analytic gradient there.</param>
/// <param name="WorstNumeric">The numeric gradient there.</param>
public sealed record TensorCheck(string Name, string Shape, int Checked, double RelativeError, double MaxElementError,
    int WorstIndex, double WorstAnalytic, double WorstNumeric)
{
    /// <summary>True when <see cref="RelativeError"/> is at most <paramref name="tolerance"/> (NaN fails).</summary>
    public bool Passed(double tolerance) => RelativeError <= tolerance;
}
