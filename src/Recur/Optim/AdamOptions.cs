namespace Recur.Optim;

/// <summary>Options of <see cref="Adam{T}"/>, with PyTorch's meanings and defaults (<c>torch.optim.Adam</c>).</summary>
public sealed record AdamOptions
{
    /// <summary>Learning rate; default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decay β₁ of the first-moment average; default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay β₂ of the second-moment average; default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Term ε added to the denominator, outside the square root; default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>L2 penalty λ added to the gradient (<c>g + λ·p</c>); default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Uses the running maximum of the second moment (AMSGrad); default false.</summary>
    public bool AmsGrad { get; init; }
}
