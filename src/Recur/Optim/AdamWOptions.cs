namespace Recur.Optim;

/// <summary>Options of <see cref="AdamW{T}"/>, with PyTorch's meanings and defaults (<c>torch.optim.AdamW</c>).</summary>
public sealed record AdamWOptions
{
    /// <summary>Learning rate; default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decay β₁ of the first-moment average; default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay β₂ of the second-moment average; default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Term ε added to the denominator, outside the square root; default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Decoupled weight decay λ: each step first scales the parameters by <c>1 − lr·λ</c>; default 1e-2.</summary>
    public double WeightDecay { get; init; } = 1e-2;

    /// <summary>Uses the running maximum of the second moment (AMSGrad); default false.</summary>
    public bool AmsGrad { get; init; }
}
