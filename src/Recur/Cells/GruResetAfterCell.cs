using System.Numerics;
using Recur.Kernels;
using Recur.Layers;

namespace Recur.Cells;

/// <summary>
/// The full GRU with the reset gate applied AFTER the recurrent matmul, as torch.nn.GRU and cuDNN
/// (<see cref="CellKind.GruResetAfter"/>; ONNX <c>linear_before_reset=1</c>). Gate order (r, z, n).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class GruResetAfterCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell and reserves its parameters (see <see cref="RecurrentCell{T}"/>).</summary>
    public GruResetAfterCell(ParameterStore<T> store, string prefix, string suffix, int inputSize, int hiddenSize, bool bias = true)
        : base(store, prefix, suffix, CellKind.GruResetAfter, inputSize, hiddenSize, bias)
    {
    }

    /// <summary>Extra keeps W_hn·h_in + b_hn.</summary>
    public override int ExtraWidth => HiddenSize;

    /// <summary>The n block's recurrent gradient is da_n⊙r, not da_n.</summary>
    public override bool HasSeparateRecurrentGradient => true;

    // x [B,D]; h_in, h_prev [B,H]; gate order r, z, n
    // a = x·W_ihᵀ + b_ih;  m = h_in·W_hhᵀ + b_hh                [B,3H]
    // r = σ(a_r + m_r);  z = σ(a_z + m_z);  n = tanh(a_n + r⊙m_n);  h = (1 − z)⊙n + z⊙h_prev
    /// <inheritdoc/>
    public override void Forward(int batch, in CellStep<T> step)
    {
        int hs = HiddenSize, g3 = GateWidth;
        var m = Scratch(batch * g3);
        RecurrentProduct(batch, step, step.HIn, 0, g3, m, g3, accumulate: false);
        if (BiasHh is not null) AddRowVector(batch, g3, m, Store.Value(BiasHh));
        for (int b = 0; b < batch; b++)
        {
            var row = step.Gates.Slice(b * g3, g3);
            var mr = m.Slice(b * g3, g3);
            var rz = row[..(2 * hs)];
            System.Numerics.Tensors.TensorPrimitives.Add(rz, mr[..(2 * hs)], rz);
            Activations.Sigmoid<T>(rz, rz);
            var mn = step.Extra.Slice(b * hs, hs);
            mr.Slice(2 * hs, hs).CopyTo(mn);
            var n = row.Slice(2 * hs, hs);
            GateKernels.MultiplyAdd<T>(hs, rz[..hs], mn, n);
            Activations.Tanh<T>(n, n);
            var hPrev = step.HPrev.Slice(b * hs, hs);
            var h = step.H.Slice(b * hs, hs);
            GateKernels.GatedUpdate<T>(hs, rz.Slice(hs, hs), n, hPrev, h);
        }
    }

    // dn = dh⊙(1 − z);  dz = dh⊙(h_prev − n);  dh_prev (direct) = dh⊙z
    // da_n = dn⊙(1 − n²);  dm_n = da_n⊙r;  da_r = da_n⊙m_n⊙r(1 − r);  da_z = dz⊙z(1 − z)
    // dGatesIh = [da_r, da_z, da_n];  dGatesHh = [da_r, da_z, dm_n];  dh_in += dGatesHh·W_hh
    /// <inheritdoc/>
    public override void Backward(int batch, in CellStep<T> step, in CellGradients<T> grad)
    {
        int hs = HiddenSize, g3 = GateWidth;
        for (int b = 0; b < batch; b++)
        {
            var row = step.Gates.Slice(b * g3, g3);
            var mn = step.Extra.Slice(b * hs, hs);
            var da = grad.DGatesIh.Slice(b * g3, g3);
            var dm = grad.DGatesHh.Slice(b * g3, g3);
            var hPrev = step.HPrev.Slice(b * hs, hs);
            var dh = grad.DH.Slice(b * hs, hs);
            var dhPrev = grad.DHPrev.Slice(b * hs, hs);
            GateKernels.GatedUpdateBackward<T>(hs, dh, row.Slice(hs, hs), row.Slice(2 * hs, hs), hPrev,
                da.Slice(hs, hs), da.Slice(2 * hs, hs), dhPrev);
            GateKernels.ResetAfterBackward<T>(hs, da.Slice(2 * hs, hs), row[..hs], mn, da[..hs], dm.Slice(2 * hs, hs));
            da[..(2 * hs)].CopyTo(dm);
        }
        Gemm.MultiplyNN(batch, hs, g3, grad.DGatesHh, g3, Store.Value(WeightHh), hs, grad.DHIn, hs, accumulate: true);
    }
}
