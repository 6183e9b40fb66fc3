namespace Recur.Optim;

/// <summary>Options of <see cref="Sgd{T}"/>, with PyTorch's meanings and defaults (<c>torch.optim.SGD</c>).</summary>
public sealed record SgdOptions
{
    /// <summary>Learning rate; default 1e-3 (PyTorch's default since 2.2; earlier versions required it).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Momentum factor μ; default 0 (no momentum buffer).</summary>
    public double Momentum { get; init; }

    /// <summary>Dampening τ of the gradient added to the momentum buffer; default 0.</summary>
    public double Dampening { get; init; }

    /// <summary>L2 penalty λ added to the gradient (<c>g + λ·p</c>); default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Nesterov momentum; needs <see cref="Momentum"/> &gt; 0 and <see cref="Dampening"/> = 0. Default false.</summary>
    public bool Nesterov { get; init; }
}
