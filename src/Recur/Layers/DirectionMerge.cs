namespace Recur.Layers;

/// <summary>How a bidirectional layer combines its two directions' outputs.</summary>
public enum DirectionMerge
{
    /// <summary>[forward, reverse] along the feature axis, width 2H (PyTorch).</summary>
    Concat,

    /// <summary>forward + reverse, width H.</summary>
    Sum,
}
