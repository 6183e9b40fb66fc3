namespace Recur.Diagnostics;

/// <summary>
/// How the gradient of the loss at a sequence's last step reaches back in time through one layer and direction:
/// the mean over sequences of ‖∂L/∂h⟨t⟩‖₂ by distance k, the number of recurrent steps between h⟨t⟩ and the step where
/// the loss enters (k = len − 1 − t forward; k = t for the reverse direction, whose final state is at step 0).
/// </summary>
/// <param name="Layer">Layer index, 0 at the bottom.</param>
/// <param name="Direction">0 forward, 1 reverse.</param>
/// <param name="MeanNorm">[k] the mean norm over the sequences that reach distance k.</param>
/// <param name="Count">[k] how many sequences reach distance k.</param>
public sealed record GradientFlowSeries(int Layer, int Direction, double[] MeanNorm, long[] Count)
{
    /// <summary>The norm at distance k relative to distance 0 (NaN where either is missing or zero).</summary>
    public double Relative(int k) =>
        MeanNorm.Length > 0 && MeanNorm[0] > 0 && k < MeanNorm.Length && Count[k] > 0 ? MeanNorm[k] / MeanNorm[0] : double.NaN;

    /// <summary>A name such as <c>l0</c> or <c>l1 reverse</c>.</summary>
    public string PartName => Direction == 0 ? $"l{Layer}" : $"l{Layer} reverse";
}
