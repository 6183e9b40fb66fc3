namespace Recur.Optim;

/// <summary>Options of <see cref="RmsProp{T}"/>, with PyTorch's meanings and defaults (<c>torch.optim.RMSprop</c>).</summary>
public sealed record RmsPropOptions
{
    /// <summary>Learning rate; default 1e-2.</summary>
    public double LearningRate { get; init; } = 1e-2;

    /// <summary>Smoothing constant α of the squared-gradient average; default 0.99.</summary>
    public double Alpha { get; init; } = 0.99;

    /// <summary>Term ε added to the denominator, outside the square root; default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>L2 penalty λ added to the gradient (<c>g + λ·p</c>); default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Momentum factor μ; default 0 (no momentum buffer).</summary>
    public double Momentum { get; init; }

    /// <summary>Normalises by an estimate of the gradient's variance instead of its second moment; default false.</summary>
    public bool Centered { get; init; }
}
