namespace Recur.Models;

/// <summary>
/// How a bidirectional encoder's final states (two per layer: forward and reverse) become the decoder's initial
/// state (one per layer). A one-directional encoder's final states are the decoder's initial states as they are.
/// </summary>
public enum Seq2SeqBridge
{
    /// <summary>
    /// A learned map per layer and state: h0_l = tanh(W_h,l·[h_fwd,l; h_rev,l] + b_h,l), and for LSTMs
    /// c0_l = tanh(W_c,l·[c_fwd,l; c_rev,l] + b_c,l); parameters <c>bridge.h_l{k}.weight</c> [H, 2H] and <c>.bias</c> [H]
    /// (<c>bridge.c_l{k}.*</c> for c).
    /// </summary>
    Linear,

    /// <summary>The two directions summed, without parameters: h0_l = h_fwd,l + h_rev,l (and c0_l likewise).</summary>
    Sum,
}
