using System.Numerics;

namespace Recur.Optim;

/// <summary>Adam with L2 weight decay added to the gradient and optional AMSGrad, as <c>torch.optim.Adam</c>.</summary>
/// <typeparam name="T">Element type: float for training, double for checks.</typeparam>
/// <remarks>
/// <code>
/// g = g + λ·p
/// m = β₁·m + (1 − β₁)·g;  v = β₂·v + (1 − β₂)·g²;  v̂max = max(v̂max, v) (AMSGrad)
/// p = p − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)      (√v̂max with AMSGrad)
/// </code>
/// State: <c>exp_avg</c> (m), <c>exp_avg_sq</c> (v), and <c>max_exp_avg_sq</c> with AMSGrad.
/// </remarks>
public sealed class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _expAvg, _expAvgSq, _maxExpAvgSq;

    /// <summary>Creates the optimiser and its state for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">Length of the parameter buffer; zero or more.</param>
    /// <param name="options">Hyperparameters; null means the defaults.</param>
    /// <exception cref="ArgumentException">A count or option is out of range (β outside [0, 1), negative or non-finite rates).</exception>
    public Adam(int parameterCount, AdamOptions? options = null)
        : base(parameterCount, (options ??= new AdamOptions()).LearningRate)
    {
        OptionChecks.UnitInterval(options.Beta1, "Adam beta1", nameof(options));
        OptionChecks.UnitInterval(options.Beta2, "Adam beta2", nameof(options));
        OptionChecks.NonNegative(options.Epsilon, "Adam epsilon", nameof(options));
        OptionChecks.NonNegative(options.WeightDecay, "Adam weight decay", nameof(options));
        Options = options;
        _expAvg = AddStateBuffer("exp_avg");
        _expAvgSq = AddStateBuffer("exp_avg_sq");
        _maxExpAvgSq = options.AmsGrad ? AddStateBuffer("max_exp_avg_sq") : [];
    }

    /// <summary>The options this optimiser was created with; <see cref="Optimizer{T}.LearningRate"/> may since have changed.</summary>
    public AdamOptions Options { get; }

    private protected override void Update(Span<T> values, ReadOnlySpan<T> gradients)
    {
        var o = Options;
        var op = new AdamUpdate<T>(LearningRate, o.Beta1, o.Beta2, o.Epsilon, l2: o.WeightDecay,
            decoupled: 0, useDecoupled: false, o.AmsGrad, StepCount);
        UpdateLoop.Run(op, values, gradients, _expAvg, _expAvgSq, _maxExpAvgSq, ScalarOnly);
    }
}
