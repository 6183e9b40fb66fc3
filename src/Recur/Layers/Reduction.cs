namespace Recur.Layers;

/// <summary>How a loss combines its terms, as PyTorch's <c>reduction</c>.</summary>
public enum Reduction
{
    /// <summary>Average over the counted terms (rows not ignored).</summary>
    Mean,

    /// <summary>Sum of the terms.</summary>
    Sum,
}
