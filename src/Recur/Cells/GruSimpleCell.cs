using System.Numerics;
using Recur.Kernels;
using Recur.Layers;

namespace Recur.Cells;

/// <summary>
/// The simplified GRU with the update gate only (<see cref="CellKind.GruSimple"/>), gate order (z, n).
/// Recur's GRUs follow PyTorch's convention: z weights the OLD state, h = (1 − z)⊙n + z⊙h_prev.
/// The course's update gate Γu weights the candidate, so Γu = 1 − z: its weights and biases are those of z negated
/// (σ(−a) = 1 − σ(a)), an exact conversion.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class GruSimpleCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell and reserves its parameters (see <see cref="RecurrentCell{T}"/>).</summary>
    public GruSimpleCell(ParameterStore<T> store, string prefix, string suffix, int inputSize, int hiddenSize, bool bias = true)
        : base(store, prefix, suffix, CellKind.GruSimple, inputSize, hiddenSize, bias)
    {
    }

    // x [B,D]; h_in, h_prev [B,H]; gate order z, n
    // a = x·W_ihᵀ + b_ih + h_in·W_hhᵀ + b_hh      [B,2H]
    // z = σ(a_z);  n = tanh(a_n);  h = (1 − z)⊙n + z⊙h_prev
    /// <inheritdoc/>
    public override void Forward(int batch, in CellStep<T> step)
    {
        int hs = HiddenSize, g2 = GateWidth;
        var a = step.Gates[..(batch * g2)];
        RecurrentProduct(batch, step, step.HIn, 0, g2, a, g2, accumulate: true);
        if (BiasHh is not null) AddRowVector(batch, g2, a, Store.Value(BiasHh));
        for (int b = 0; b < batch; b++)
        {
            var row = a.Slice(b * g2, g2);
            var z = row[..hs];
            var n = row.Slice(hs, hs);
            Activations.Sigmoid<T>(z, z);
            Activations.Tanh<T>(n, n);
            var hPrev = step.HPrev.Slice(b * hs, hs);
            var h = step.H.Slice(b * hs, hs);
            GateKernels.GatedUpdate<T>(hs, z, n, hPrev, h);
        }
    }

    // dn = dh⊙(1 − z);  dz = dh⊙(h_prev − n);  dh_prev (direct) = dh⊙z
    // da_z = dz⊙z(1 − z);  da_n = dn⊙(1 − n²);  dh_in += da·W_hh
    /// <inheritdoc/>
    public override void Backward(int batch, in CellStep<T> step, in CellGradients<T> grad)
    {
        int hs = HiddenSize, g2 = GateWidth;
        for (int b = 0; b < batch; b++)
        {
            var row = step.Gates.Slice(b * g2, g2);
            var da = grad.DGatesIh.Slice(b * g2, g2);
            var hPrev = step.HPrev.Slice(b * hs, hs);
            var dh = grad.DH.Slice(b * hs, hs);
            var dhPrev = grad.DHPrev.Slice(b * hs, hs);
            GateKernels.GatedUpdateBackward<T>(hs, dh, row[..hs], row.Slice(hs, hs), hPrev, da[..hs], da.Slice(hs, hs), dhPrev);
        }
        Gemm.MultiplyNN(batch, hs, g2, grad.DGatesIh, g2, Store.Value(WeightHh), hs, grad.DHIn, hs, accumulate: true);
    }
}
