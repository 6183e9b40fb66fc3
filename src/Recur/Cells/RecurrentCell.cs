using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Recur.Kernels;
using Recur.Layers;

namespace Recur.Cells;

/// <summary>
/// One time step of a recurrent cell over a batch, forward and backward. A cell owns its parameter slots
/// (W_ih [G·H, D], W_hh [G·H, H], b_ih, b_hh [G·H], named as PyTorch's state_dict) and small scratch
/// buffers; every per-step cache lives in the <see cref="CellStep{T}"/> buffers that the layer owns.
/// The input projection x·W_ihᵀ + b_ih of all steps is computed by the layer in one GEMM before the
/// recurrence, and its weight gradient in one GEMM after it; the cell does the recurrent part.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public abstract class RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Scratch rows reused by steps; grown on demand, never inside a warmed-up loop. One per thread, because a
    /// layer may run groups of batch rows through the same cell on several threads at once.</summary>
    [ThreadStatic] private static T[]? t_scratch;

    /// <summary>Reserves the cell's parameters in <paramref name="store"/>.</summary>
    /// <param name="store">Parameter store.</param>
    /// <param name="prefix">Name prefix, e.g. <c>rnn.</c>.</param>
    /// <param name="suffix">Name suffix, e.g. <c>_l0</c> or <c>_l1_reverse</c>.</param>
    /// <param name="kind">Cell form.</param>
    /// <param name="inputSize">D, the input width.</param>
    /// <param name="hiddenSize">H, the state width.</param>
    /// <param name="bias">Whether b_ih and b_hh exist (PyTorch's <c>bias</c>, default true).</param>
    protected RecurrentCell(ParameterStore<T> store, string prefix, string suffix, CellKind kind, int inputSize,
        int hiddenSize, bool bias)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        Store = store;
        Kind = kind;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        GateWidth = kind.GateCount() * hiddenSize;
        WeightIh = store.Add($"{prefix}weight_ih{suffix}", GateWidth, inputSize);
        WeightHh = store.Add($"{prefix}weight_hh{suffix}", GateWidth, hiddenSize);
        if (bias)
        {
            BiasIh = store.Add($"{prefix}bias_ih{suffix}", GateWidth);
            BiasHh = store.Add($"{prefix}bias_hh{suffix}", GateWidth);
        }
    }

    /// <summary>The store holding this cell's parameters.</summary>
    public ParameterStore<T> Store { get; }

    /// <summary>The cell form.</summary>
    public CellKind Kind { get; }

    /// <summary>D, the input width.</summary>
    public int InputSize { get; }

    /// <summary>H, the state width.</summary>
    public int HiddenSize { get; }

    /// <summary>G·H, the number of gate pre-activations per row.</summary>
    public int GateWidth { get; }

    /// <summary>Width of <see cref="CellStep{T}.Extra"/> per row: 0 or H.</summary>
    public virtual int ExtraWidth => 0;

    /// <summary>True when ∂L/∂(recurrent product) differs from ∂L/∂(input projection) (GRU reset-after).</summary>
    public virtual bool HasSeparateRecurrentGradient => false;

    /// <summary>
    /// True when <see cref="Backward"/> adds to a parameter gradient at every step (the peepholes), so that two groups of
    /// batch rows cannot run through it at once. Forward and Backward otherwise touch only the rows they are given.
    /// </summary>
    public virtual bool AccumulatesGradientsPerStep => false;

    /// <summary>
    /// True when <see cref="Backward"/> adds each row's gate gradients to <see cref="CellGradients{T}.DGatesSum"/> itself
    /// (when given), in the same pass that computes them; the layer sums them otherwise.
    /// </summary>
    public virtual bool SumsGateGradients => false;

    /// <summary>True for cells with a cell state c (LSTM).</summary>
    public bool HasCellState => Kind.HasCellState();

    /// <summary>W_ih [G·H, D].</summary>
    public ParameterSlot WeightIh { get; }

    /// <summary>W_hh [G·H, H].</summary>
    public ParameterSlot WeightHh { get; }

    /// <summary>b_ih [G·H], or null without bias.</summary>
    public ParameterSlot? BiasIh { get; }

    /// <summary>b_hh [G·H], or null without bias.</summary>
    public ParameterSlot? BiasHh { get; }

    /// <summary>Every parameter slot of the cell.</summary>
    public virtual IEnumerable<ParameterSlot> Parameters
    {
        get
        {
            yield return WeightIh;
            yield return WeightHh;
            if (BiasIh is not null) yield return BiasIh;
            if (BiasHh is not null) yield return BiasHh;
        }
    }

    /// <summary>One forward step: reads the input projection in <c>step.Gates</c>, writes gates, extra, h (and c).</summary>
    public abstract void Forward(int batch, in CellStep<T> step);

    /// <summary>One backward step: from ∂L/∂h (and ∂L/∂c) to the gate gradients, ∂L/∂h_prev, ∂L/∂h_in (and ∂L/∂c_prev).
    /// Parameter gradients of per-step terms (peepholes) are accumulated here; W_hh is left to
    /// <see cref="AccumulateRecurrentGradients"/>, and b_ih, b_hh (column sums of the gate gradients) to the layer.</summary>
    public abstract void Backward(int batch, in CellStep<T> step, in CellGradients<T> grad);

    /// <summary>
    /// After the backward sweep over all steps: dW_hh += Σ_t dGatesHh_tᵀ·h_in_t as one GEMM.
    /// </summary>
    /// <param name="rows">Steps × batch.</param>
    /// <param name="hIn">[rows, H]: the h_in of every step, in the same row order as <paramref name="dGatesHh"/>.</param>
    /// <param name="extra">[rows, ExtraWidth]: the extra caches of every step.</param>
    /// <param name="dGatesHh">[rows, G·H].</param>
    public virtual void AccumulateRecurrentGradients(int rows, ReadOnlySpan<T> hIn, ReadOnlySpan<T> extra, ReadOnlySpan<T> dGatesHh)
    {
        int h = HiddenSize, g = GateWidth;
        Gemm.MultiplyTN(g, h, rows, dGatesHh, g, hIn, h, Store.Gradient(WeightHh), h, accumulate: true);
    }

    /// <summary>
    /// c[B, count] (+)= h_in·W_hh[first .. first+count)ᵀ: the recurrent product with gate rows
    /// <paramref name="first"/>.. of W_hh, read from <see cref="CellStep{T}.WeightHhTransposed"/> when the layer
    /// provides it, from <see cref="CellStep{T}.WeightHhHalf"/> (one matrix–vector product per row) when that is
    /// given, and from W_hh otherwise.
    /// </summary>
    protected void RecurrentProduct(int batch, in CellStep<T> step, ReadOnlySpan<T> hIn, int first, int count, Span<T> c,
        int ldc, bool accumulate)
    {
        int hs = HiddenSize;
        if (!step.WeightHhHalf.IsEmpty)
        {
            var half = step.WeightHhHalf[(first * hs)..];
            var x = MemoryMarshal.Cast<T, float>(hIn);
            var y = MemoryMarshal.Cast<T, float>(c);
            for (int b = 0; b < batch; b++)
                HalfGemv.Multiply(count, hs, half, hs, x.Slice(b * hs, hs), y.Slice(b * ldc, count), accumulate);
        }
        else if (step.WeightHhTransposed.IsEmpty)
            Gemm.MultiplyNT(batch, count, hs, hIn, hs, Store.Value(WeightHh)[(first * hs)..], hs, c, ldc, accumulate);
        else
            Gemm.MultiplyNN(batch, count, hs, hIn, hs, step.WeightHhTransposed[first..], GateWidth, c, ldc, accumulate);
    }

    /// <summary>Writes W_hhᵀ [H, G·H] into <paramref name="destination"/> (see <see cref="CellStep{T}.WeightHhTransposed"/>).</summary>
    public void TransposeRecurrentWeights(Span<T> destination)
        => Gemm.Transpose(GateWidth, HiddenSize, Store.Value(WeightHh), HiddenSize, destination, GateWidth);

    /// <summary>sums[j] += Σ_r m[r, j] over a row-major [rows, cols] matrix, rows added in order.</summary>
    protected internal static void AddColumnSums(int rows, int cols, ReadOnlySpan<T> m, Span<T> sums)
    {
        for (int r = 0; r < rows; r++) TensorPrimitives.Add(sums[..cols], m.Slice(r * cols, cols), sums[..cols]);
    }

    /// <summary>rows of m [rows, cols] += v [cols].</summary>
    protected static void AddRowVector(int rows, int cols, Span<T> m, ReadOnlySpan<T> v)
    {
        for (int r = 0; r < rows; r++)
        {
            var row = m.Slice(r * cols, cols);
            TensorPrimitives.Add(row, v, row);
        }
    }

    /// <summary>A scratch buffer of at least <paramref name="length"/> elements, reused across steps.</summary>
    protected Span<T> Scratch(int length)
    {
        if (t_scratch is null || t_scratch.Length < length) t_scratch = new T[length];
        return t_scratch.AsSpan(0, length);
    }
}
