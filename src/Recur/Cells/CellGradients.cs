namespace Recur.Cells;

/// <summary>
/// Gradient buffers of one backward time step over a batch of B rows, owned by the layer.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public readonly ref struct CellGradients<T>
{
    /// <summary>[B, H]: ∂L/∂h of this step (upstream plus recurrent). Used as scratch: undefined afterwards.</summary>
    public readonly Span<T> DH;

    /// <summary>[B, H] or empty: ∂L/∂c of this step (LSTM). Used as scratch: undefined afterwards.</summary>
    public readonly Span<T> DC;

    /// <summary>[B, G·H]: written with ∂L/∂(x·W_ihᵀ + b_ih), the gradient of the input projection.</summary>
    public readonly Span<T> DGatesIh;

    /// <summary>[B, G·H]: written with ∂L/∂(h_in·W_hhᵀ + b_hh) when the cell's
    /// <see cref="RecurrentCell{T}.HasSeparateRecurrentGradient"/> is true; otherwise the same span as
    /// <see cref="DGatesIh"/> and not written separately.</summary>
    public readonly Span<T> DGatesHh;

    /// <summary>[B, H]: overwritten with the direct part of ∂L/∂h_prev (through the gated update).</summary>
    public readonly Span<T> DHPrev;

    /// <summary>[B, H]: the part of ∂L/∂h_in that flows through the recurrent matmul is ADDED here.
    /// May be the same span as <see cref="DHPrev"/> (no recurrent dropout): the cell writes DHPrev first.</summary>
    public readonly Span<T> DHIn;

    /// <summary>[B, H] or empty: overwritten with ∂L/∂c_prev (LSTM).</summary>
    public readonly Span<T> DCPrev;

    /// <summary>[B, G·H] or empty: running sums of each row's gate gradients (the bias gradient), to which a cell whose
    /// <see cref="RecurrentCell{T}.SumsGateGradients"/> is true adds <see cref="DGatesIh"/> in the pass that computes it.</summary>
    public readonly Span<T> DGatesSum;

    /// <summary>Bundles one step's gradient buffers.</summary>
    public CellGradients(Span<T> dh, Span<T> dc, Span<T> dGatesIh, Span<T> dGatesHh, Span<T> dhPrev, Span<T> dhIn, Span<T> dcPrev,
        Span<T> dGatesSum = default)
    {
        DH = dh; DC = dc; DGatesIh = dGatesIh; DGatesHh = dGatesHh; DHPrev = dhPrev; DHIn = dhIn; DCPrev = dcPrev;
        DGatesSum = dGatesSum;
    }
}
