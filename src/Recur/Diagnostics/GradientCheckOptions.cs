namespace Recur.Diagnostics;

/// <summary>How a <see cref="GradientCheck"/> perturbs and judges.</summary>
public sealed record GradientCheckOptions
{
    /// <summary>h of the central difference (L(θ + h) − L(θ − h)) / 2h, in double (default 1e-5).</summary>
    public double Step { get; init; } = GradientCheck.DefaultStep;

    /// <summary>The largest relative error ‖a − n‖ / (‖a‖ + ‖n‖) of a tensor that passes (default 1e-6).</summary>
    public double Tolerance { get; init; } = GradientCheck.DefaultTolerance;

    /// <summary>Check at most this many elements of each tensor, a seeded sample of the larger ones (default all).</summary>
    public int MaxElements { get; init; } = int.MaxValue;

    /// <summary>Seed of the element sample and of the random inputs and loss weights (default 1).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (!(Step > 0) || !double.IsFinite(Step)) throw new ArgumentException($"The step must be positive and finite, got {Step}.", nameof(Step));
        if (!(Tolerance > 0) || !double.IsFinite(Tolerance)) throw new ArgumentException($"The tolerance must be positive and finite, got {Tolerance}.", nameof(Tolerance));
        if (MaxElements <= 0) throw new ArgumentException($"The number of elements to check must be positive, got {MaxElements}.", nameof(MaxElements));
    }
}
