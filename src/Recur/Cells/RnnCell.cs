using System.Numerics;
using Recur.Kernels;
using Recur.Layers;

namespace Recur.Cells;

/// <summary>
/// The basic RNN cell with tanh or ReLU (<see cref="CellKind.RnnTanh"/>, <see cref="CellKind.RnnRelu"/>), as torch.nn.RNN.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class RnnCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell and reserves its parameters (see <see cref="RecurrentCell{T}"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not an RNN form.</exception>
    public RnnCell(ParameterStore<T> store, string prefix, string suffix, CellKind kind, int inputSize, int hiddenSize, bool bias = true)
        : base(store, prefix, suffix, kind, inputSize, hiddenSize, bias)
    {
        if (kind is not (CellKind.RnnTanh or CellKind.RnnRelu))
            throw new ArgumentException($"RnnCell does not implement {kind}.", nameof(kind));
    }

    // x [B,D]; h_in, h_prev [B,H]
    // a = x·W_ihᵀ + b_ih + h_in·W_hhᵀ + b_hh      [B,H]
    // h = g(a), g = tanh or relu; Gates keeps h
    /// <inheritdoc/>
    public override void Forward(int batch, in CellStep<T> step)
    {
        int hs = HiddenSize;
        var a = step.Gates[..(batch * hs)];
        RecurrentProduct(batch, step, step.HIn, 0, hs, a, hs, accumulate: true);
        if (BiasHh is not null) AddRowVector(batch, hs, a, Store.Value(BiasHh));
        if (Kind == CellKind.RnnTanh) Activations.Tanh<T>(a, a);
        else Activations.Relu<T>(a, a);
        a.CopyTo(step.H);
    }

    // da = dh⊙g'(a): tanh' = 1 − h², relu' = [h > 0]
    // dh_prev (direct) = 0;  dh_in += da·W_hh
    /// <inheritdoc/>
    public override void Backward(int batch, in CellStep<T> step, in CellGradients<T> grad)
    {
        int hs = HiddenSize, n = batch * hs;
        if (Kind == CellKind.RnnTanh) GateKernels.TanhBackward<T>(n, grad.DH, step.Gates, grad.DGatesIh);
        else GateKernels.ReluBackward<T>(n, grad.DH, step.Gates, grad.DGatesIh);
        grad.DHPrev[..n].Clear();
        Gemm.MultiplyNN(batch, hs, hs, grad.DGatesIh, hs, Store.Value(WeightHh), hs, grad.DHIn, hs, accumulate: true);
    }
}
