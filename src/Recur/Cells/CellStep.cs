namespace Recur.Cells;

/// <summary>
/// The buffers of one time step of a cell over a batch of B rows, owned by the layer that runs the cell.
/// Forward fills <see cref="Gates"/> and <see cref="Extra"/>; Backward reads them back, so together they
/// are the step's cache.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public readonly ref struct CellStep<T>
{
    /// <summary>[B, G·H]. On entry to Forward: the input projection x·W_ihᵀ + b_ih. After: the gate activations.</summary>
    public readonly Span<T> Gates;

    /// <summary>[B, H] or empty: per-cell extra cache (tanh c for LSTM, r⊙h for GRU, W_hn·h + b_hn for GRU-after).</summary>
    public readonly Span<T> Extra;

    /// <summary>[B, H]: the hidden state fed to the recurrent matmul (the previous state, or it with a dropout mask applied).</summary>
    public readonly ReadOnlySpan<T> HIn;

    /// <summary>[B, H]: the previous hidden state, used by the gated update.</summary>
    public readonly ReadOnlySpan<T> HPrev;

    /// <summary>[B, H] or empty: the previous cell state (LSTM).</summary>
    public readonly ReadOnlySpan<T> CPrev;

    /// <summary>[B, H]: the new hidden state, written by Forward.</summary>
    public readonly Span<T> H;

    /// <summary>[B, H] or empty: the new cell state (LSTM), written by Forward.</summary>
    public readonly Span<T> C;

    /// <summary>
    /// [H, G·H] or empty: W_hhᵀ, transposed once per pass by the layer. When present, Forward multiplies by it in
    /// place (h_in·W_hhᵀ as an NN product) instead of transposing W_hh again at every step.
    /// </summary>
    public readonly ReadOnlySpan<T> WeightHhTransposed;

    /// <summary>
    /// [G·H, H] or empty: W_hh rounded to half precision (float cells only), for generation whose cost is reading the
    /// weights. When present, Forward multiplies by it instead of W_hh.
    /// </summary>
    public readonly ReadOnlySpan<Half> WeightHhHalf;

    /// <summary>Bundles one step's buffers.</summary>
    public CellStep(Span<T> gates, Span<T> extra, ReadOnlySpan<T> hIn, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev,
        Span<T> h, Span<T> c, ReadOnlySpan<T> weightHhTransposed = default, ReadOnlySpan<Half> weightHhHalf = default)
    {
        Gates = gates; Extra = extra; HIn = hIn; HPrev = hPrev; CPrev = cPrev; H = h; C = c;
        WeightHhTransposed = weightHhTransposed;
        WeightHhHalf = weightHhHalf;
    }
}
