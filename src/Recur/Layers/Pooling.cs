namespace Recur.Layers;

/// <summary>How a many-to-one model reduces the outputs of a sequence to one vector.</summary>
public enum Pooling
{
    /// <summary>The final state of the last layer: h at each sequence's own last step, and for a bidirectional layer the
    /// reverse direction's state after reading back to the first step, concatenated (hN in PyTorch).</summary>
    Last,

    /// <summary>The mean of the outputs over the valid steps (<see cref="SequencePooling.MeanForward{T}"/>).</summary>
    Mean,

    /// <summary>The element-wise maximum of the outputs over the valid steps (<see cref="SequencePooling.MaxForward{T}"/>).</summary>
    Max,
}
