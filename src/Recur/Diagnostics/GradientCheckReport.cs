namespace Recur.Diagnostics;

/// <summary>The result of a <see cref="GradientCheck"/>: one <see cref="TensorCheck"/> per tensor and the tolerance.</summary>
/// <param name="Tensors">Every checked tensor, inputs first, then parameters in store order.</param>
/// <param name="Tolerance">The largest relative error of a tensor that passes.</param>
public sealed record GradientCheckReport(IReadOnlyList<TensorCheck> Tensors, double Tolerance)
{
    /// <summary>True when every tensor passed.</summary>
    public bool Passed => Tensors.All(t => t.Passed(Tolerance));

    /// <summary>The tensors that failed.</summary>
    public IEnumerable<TensorCheck> Failures => Tensors.Where(t => !t.Passed(Tolerance));
}
