using System.Numerics;
using Recur.Kernels;
using Recur.Layers;

namespace Recur.Cells;

/// <summary>
/// The full GRU in its original form, the reset (relevance) gate applied BEFORE the recurrent matmul
/// (<see cref="CellKind.Gru"/>; ONNX <c>linear_before_reset=0</c>, Keras <c>reset_after=False</c>). Gate order (r, z, n)
/// and the update convention h = (1 − z)⊙n + z⊙h_prev as PyTorch (see <see cref="GruSimpleCell{T}"/> for the course's Γu).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class GruCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell and reserves its parameters (see <see cref="RecurrentCell{T}"/>).</summary>
    public GruCell(ParameterStore<T> store, string prefix, string suffix, int inputSize, int hiddenSize, bool bias = true)
        : base(store, prefix, suffix, CellKind.Gru, inputSize, hiddenSize, bias)
    {
    }

    /// <summary>Extra keeps r⊙h_in, the input of the candidate's recurrent matmul.</summary>
    public override int ExtraWidth => HiddenSize;

    // x [B,D]; h_in, h_prev [B,H]; gate order r, z, n; W_hh = [W_hr; W_hz; W_hn]
    // r = σ(a_r + h_in·W_hrᵀ + b_hr);  z = σ(a_z + h_in·W_hzᵀ + b_hz)     a = x·W_ihᵀ + b_ih
    // n = tanh(a_n + (r⊙h_in)·W_hnᵀ + b_hn);  h = (1 − z)⊙n + z⊙h_prev
    /// <inheritdoc/>
    public override void Forward(int batch, in CellStep<T> step)
    {
        int hs = HiddenSize, g3 = GateWidth;
        var a = step.Gates[..(batch * g3)];
                ReadOnlySpan<T> bias = BiasHh is null ? default : Store.Value(BiasHh);
        RecurrentProduct(batch, step, step.HIn, 0, 2 * hs, a, g3, accumulate: true);
        for (int b = 0; b < batch; b++)
        {
            var rz = a.Slice(b * g3, 2 * hs);
            if (BiasHh is not null) System.Numerics.Tensors.TensorPrimitives.Add(rz, bias[..(2 * hs)], rz);
            Activations.Sigmoid<T>(rz, rz);
            var hIn = step.HIn.Slice(b * hs, hs);
            var rh = step.Extra.Slice(b * hs, hs);
            GateKernels.Multiply<T>(hs, rz[..hs], hIn, rh);
        }
        RecurrentProduct(batch, step, step.Extra, 2 * hs, hs, a[(2 * hs)..], g3, accumulate: true);
        for (int b = 0; b < batch; b++)
        {
            var row = a.Slice(b * g3, g3);
            var n = row.Slice(2 * hs, hs);
            if (BiasHh is not null) System.Numerics.Tensors.TensorPrimitives.Add(n, bias.Slice(2 * hs, hs), n);
            Activations.Tanh<T>(n, n);
            var hPrev = step.HPrev.Slice(b * hs, hs);
            var h = step.H.Slice(b * hs, hs);
            GateKernels.GatedUpdate<T>(hs, row.Slice(hs, hs), n, hPrev, h);
        }
    }

    // dn = dh⊙(1 − z);  dz = dh⊙(h_prev − n);  dh_prev (direct) = dh⊙z
    // da_n = dn⊙(1 − n²);  da_z = dz⊙z(1 − z)
    // d(rh) = da_n·W_hn;  da_r = d(rh)⊙h_in⊙r(1 − r);  dh_in += d(rh)⊙r + [da_r, da_z]·[W_hr; W_hz]
    /// <inheritdoc/>
    public override void Backward(int batch, in CellStep<T> step, in CellGradients<T> grad)
    {
        int hs = HiddenSize, g3 = GateWidth;
        var w = Store.Value(WeightHh);
        for (int b = 0; b < batch; b++)
        {
            var row = step.Gates.Slice(b * g3, g3);
            var da = grad.DGatesIh.Slice(b * g3, g3);
            var hPrev = step.HPrev.Slice(b * hs, hs);
            var dh = grad.DH.Slice(b * hs, hs);
            var dhPrev = grad.DHPrev.Slice(b * hs, hs);
            GateKernels.GatedUpdateBackward<T>(hs, dh, row.Slice(hs, hs), row.Slice(2 * hs, hs), hPrev,
                da.Slice(hs, hs), da.Slice(2 * hs, hs), dhPrev);
        }
        var drh = Scratch(batch * hs);
        Gemm.MultiplyNN(batch, hs, hs, grad.DGatesIh[(2 * hs)..], g3, w[(2 * hs * hs)..], hs, drh, hs);
        for (int b = 0; b < batch; b++)
        {
            var row = step.Gates.Slice(b * g3, g3);
            var da = grad.DGatesIh.Slice(b * g3, g3);
            var hIn = step.HIn.Slice(b * hs, hs);
            var d = drh.Slice(b * hs, hs);
            var dhIn = grad.DHIn.Slice(b * hs, hs);
            GateKernels.ResetBeforeBackward<T>(hs, d, row[..hs], hIn, da[..hs], dhIn);
        }
        Gemm.MultiplyNN(batch, hs, 2 * hs, grad.DGatesIh, g3, w, hs, grad.DHIn, hs, accumulate: true);
    }

    // dW_h{r,z} += dG_{r,z}ᵀ·h_in;  dW_hn += dG_nᵀ·(r⊙h_in)
    /// <inheritdoc/>
    public override void AccumulateRecurrentGradients(int rows, ReadOnlySpan<T> hIn, ReadOnlySpan<T> extra, ReadOnlySpan<T> dGatesHh)
    {
        int hs = HiddenSize, g3 = GateWidth;
        var dw = Store.Gradient(WeightHh);
        Gemm.MultiplyTN(2 * hs, hs, rows, dGatesHh, g3, hIn, hs, dw, hs, accumulate: true);
        Gemm.MultiplyTN(hs, hs, rows, dGatesHh[(2 * hs)..], g3, extra, hs, dw[(2 * hs * hs)..], hs, accumulate: true);
    }
}
