using System.Numerics;
using Recur.Kernels;
using Recur.Layers;

namespace Recur.Cells;

/// <summary>
/// The LSTM cell with input (update), forget and output gates, as torch.nn.LSTM (gate order i, f, g, o),
/// optionally with peephole connections (<see cref="CellKind.LstmPeephole"/>): p_i, p_f look at c_prev and
/// p_o at the new c, as ONNX's <c>P</c>. The peepholes are one tensor <c>weight_peephole_l{k}</c> [3, H], rows (i, f, o).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class LstmCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell and reserves its parameters (see <see cref="RecurrentCell{T}"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not an LSTM form.</exception>
    public LstmCell(ParameterStore<T> store, string prefix, string suffix, CellKind kind, int inputSize, int hiddenSize, bool bias = true)
        : base(store, prefix, suffix, kind, inputSize, hiddenSize, bias)
    {
        if (kind is not (CellKind.Lstm or CellKind.LstmPeephole))
            throw new ArgumentException($"LstmCell does not implement {kind}.", nameof(kind));
        if (kind == CellKind.LstmPeephole) Peephole = store.Add($"{prefix}weight_peephole{suffix}", 3, hiddenSize);
    }

    /// <summary>Peephole weights [3, H] (rows i, f, o), or null for the plain LSTM.</summary>
    public ParameterSlot? Peephole { get; }

    /// <inheritdoc/>
    public override bool AccumulatesGradientsPerStep => Peephole is not null;

    /// <inheritdoc/>
    public override bool SumsGateGradients => Peephole is null;

    /// <summary>Extra keeps tanh(c).</summary>
    public override int ExtraWidth => HiddenSize;

    /// <inheritdoc/>
    public override IEnumerable<ParameterSlot> Parameters =>
        Peephole is null ? base.Parameters : base.Parameters.Append(Peephole);

    // x [B,D]; h_in, h_prev, c_prev [B,H]; gate order i, f, g, o
    // a = x·W_ihᵀ + b_ih + h_in·W_hhᵀ + b_hh                     [B,4H]
    // i = σ(a_i + p_i⊙c_prev);  f = σ(a_f + p_f⊙c_prev);  g = tanh(a_g)
    // c = f⊙c_prev + i⊙g;  o = σ(a_o + p_o⊙c);  h = o⊙tanh(c)
    /// <inheritdoc/>
    public override void Forward(int batch, in CellStep<T> step)
    {
        int hs = HiddenSize, g4 = GateWidth;
        var a = step.Gates[..(batch * g4)];
        RecurrentProduct(batch, step, step.HIn, 0, g4, a, g4, accumulate: true);
        if (Peephole is null)
        {
            // Bias, gates and state update of a row in one pass.
            ReadOnlySpan<T> biasHh = BiasHh is null ? default : Store.Value(BiasHh);
            for (int b = 0; b < batch; b++)
                GateKernels.LstmForward<T>(hs, a.Slice(b * g4, g4), biasHh, step.CPrev.Slice(b * hs, hs), step.C.Slice(b * hs, hs),
                    step.Extra.Slice(b * hs, hs), step.H.Slice(b * hs, hs));
            return;
        }
        if (BiasHh is not null) AddRowVector(batch, g4, a, Store.Value(BiasHh));
        ReadOnlySpan<T> p = Peephole is null ? default : Store.Value(Peephole);
        for (int b = 0; b < batch; b++)
        {
            var row = a.Slice(b * g4, g4);
            var cPrev = step.CPrev.Slice(b * hs, hs);
            var c = step.C.Slice(b * hs, hs);
            var tc = step.Extra.Slice(b * hs, hs);
            var h = step.H.Slice(b * hs, hs);
            if (Peephole is not null)
            {
                GateKernels.MultiplyAdd<T>(hs, p[..hs], cPrev, row[..hs]);
                GateKernels.MultiplyAdd<T>(hs, p.Slice(hs, hs), cPrev, row.Slice(hs, hs));
            }
            Activations.Sigmoid<T>(row[..(2 * hs)], row[..(2 * hs)]);
            Activations.Tanh<T>(row.Slice(2 * hs, hs), row.Slice(2 * hs, hs));
            GateKernels.LstmCell<T>(hs, row[..hs], row.Slice(hs, hs), row.Slice(2 * hs, hs), cPrev, c);
            var o = row.Slice(3 * hs, hs);
            if (Peephole is not null) GateKernels.MultiplyAdd<T>(hs, p.Slice(2 * hs, hs), c, o);
            Activations.Sigmoid<T>(o, o);
            Activations.Tanh<T>(c, tc);
            GateKernels.Multiply<T>(hs, o, tc, h);
        }
    }

    // do_ = dh⊙tanh(c);  da_o = do_⊙o(1−o)
    // dc += dh⊙o⊙(1 − tanh²c) + da_o⊙p_o
    // da_i = dc⊙g⊙i(1−i);  da_f = dc⊙c_prev⊙f(1−f);  da_g = dc⊙i⊙(1−g²)
    // dc_prev = dc⊙f + da_i⊙p_i + da_f⊙p_f;  dh_prev (direct) = 0;  dh_in += da·W_hh
    // dp_i += Σ_b da_i⊙c_prev;  dp_f += Σ_b da_f⊙c_prev;  dp_o += Σ_b da_o⊙c
    /// <inheritdoc/>
    public override void Backward(int batch, in CellStep<T> step, in CellGradients<T> grad)
    {
        int hs = HiddenSize, g4 = GateWidth;
        ReadOnlySpan<T> p = Peephole is null ? default : Store.Value(Peephole);
        Span<T> dp = Peephole is null ? default : Store.Gradient(Peephole);
        for (int b = 0; b < batch; b++)
        {
            var gates = step.Gates.Slice(b * g4, g4);
            var da = grad.DGatesIh.Slice(b * g4, g4);
            var cPrev = step.CPrev.Slice(b * hs, hs);
            var tc = step.Extra.Slice(b * hs, hs);
            var dh = grad.DH.Slice(b * hs, hs);
            var dc = grad.DC.Slice(b * hs, hs);
            var dcPrev = grad.DCPrev.Slice(b * hs, hs);
            if (Peephole is null)
                GateKernels.LstmBackward<T>(hs, dh, dc, gates, tc, cPrev, da, dcPrev, grad.DGatesSum.IsEmpty ? default : grad.DGatesSum.Slice(b * g4, g4));
            else GateKernels.LstmPeepholeBackward<T>(hs, dh, dc, gates, tc, cPrev, step.C.Slice(b * hs, hs), p, da, dcPrev, dp);
        }
        grad.DHPrev[..(batch * hs)].Clear();
        Gemm.MultiplyNN(batch, hs, g4, grad.DGatesIh, g4, Store.Value(WeightHh), hs, grad.DHIn, hs, accumulate: true);
    }
}
