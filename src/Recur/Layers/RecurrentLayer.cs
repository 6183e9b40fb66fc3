using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recur.Cells;
using Recur.Kernels;

namespace Recur.Layers;

/// <summary>
/// Runs one cell over a batch of time-major sequences in one direction, forward and backward through time.
/// The input projection of all steps is one GEMM before the recurrence and its gradients are GEMMs after the
/// backward sweep; only the recurrent product is per step. Workspaces grow to the largest T×B seen and are reused,
/// so a warmed-up pass allocates nothing.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class RecurrentLayer<T> : IRecurrentBlock<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentCell<T> _cell;
    private int _steps, _batch;
    private int[] _lengths = [];
    private bool _masked;
    // Gate caches [T, B, G] and extra caches [T, B, E], indexed by time t.
    private T[] _gates = [], _extra = [];
    // States [(T+2), B, H]: slot t+1 holds the state after step t; the initial state sits in slot 0
    // (forward) or slot T+1 (reverse), so the input state of step t is slot t or t+2 and every buffer is in time order.
    private T[] _hs = [], _cs = [];
    private T[] _hIn = [], _mask = [];
    private T[] _dGates = [], _dGatesHh = [];
    // [B, G]: each row's bias gradient summed over time during the backward sweep.
    private T[] _dBiasRows = [], _dBiasHhRows = [];
    private T[] _dhA = [], _dhB = [], _dcA = [], _dcB = [], _dhStep = [], _dcStep = [], _dhIn = [];
    // W_hhᵀ [H, G], refreshed at the start of every forward pass that uses it (_transposed).
    private T[] _weightHhT = [];
    private bool _transposed;
    private RowGroupSweep? _sweep;
    // W_ih and W_hh rounded to half precision while HalfPrecisionWeights is on; empty otherwise.
    private Half[] _halfIh = [], _halfHh = [];

    // From this batch size on, the per-step product h·W_hhᵀ takes GEMM's blocked path, which would transpose
    // W_hh into packed strips at every step; transposing it once per pass instead lets every step read it in
    // place. Below it (generation, batch 1) the product takes dot products of rows and needs no transpose.
    private const int TransposeMinBatch = 8;

    // The fewest batch rows a group of the parallel recurrence gets: the tallest GEMM micro-tile (see RowGroups).
    private const int MinGroupRows = 8;

    // The largest W_hh that groups of rows each read in full at every step (see RowGroups).
    private const long RowGroupMaxWeightBytes = 8L << 20;

    /// <summary>Creates the layer and reserves its cell's parameters.</summary>
    /// <param name="store">Parameter store.</param>
    /// <param name="prefix">Name prefix, e.g. <c>rnn.</c>.</param>
    /// <param name="suffix">Name suffix, e.g. <c>_l0</c> or <c>_l0_reverse</c>.</param>
    /// <param name="kind">Cell form.</param>
    /// <param name="inputSize">D.</param>
    /// <param name="hiddenSize">H.</param>
    /// <param name="reverse">Run from each sequence's last valid step down to step 0.</param>
    /// <param name="bias">Whether the cell has biases.</param>
    public RecurrentLayer(ParameterStore<T> store, string prefix, string suffix, CellKind kind, int inputSize, int hiddenSize,
        bool reverse = false, bool bias = true)
    {
        _cell = CellFactory.Create(store, prefix, suffix, kind, inputSize, hiddenSize, bias);
        Reverse = reverse;
    }

    /// <summary>The cell run at every step.</summary>
    public RecurrentCell<T> Cell => _cell;

    /// <summary>True when the layer runs backwards in time.</summary>
    public bool Reverse { get; }

    /// <summary>
    /// Null (the default, which costs nothing) or a buffer of at least T·B·H values into which every
    /// <see cref="Backward(ReadOnlySpan{T}, ReadOnlySpan{T}, int, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, bool, Span{T}, Span{T})"/>
    /// writes ∂L/∂h⟨t⟩ [T, B, H] in time order: the whole gradient reaching the state of step t, from the output at t
    /// and from step t+1 (t−1 when reversed), zero at padded steps. Used by diagnostics of gradient flow.
    /// </summary>
    public T[]? HiddenGradientCapture { get; set; }

    /// <inheritdoc/>
    public int InputSize => _cell.InputSize;

    /// <inheritdoc/>
    public int HiddenSize => _cell.HiddenSize;

    /// <inheritdoc/>
    public int OutputSize => _cell.HiddenSize;

    /// <inheritdoc/>
    public int Directions => 1;

    /// <inheritdoc/>
    public bool HasCellState => _cell.HasCellState;

    /// <inheritdoc/>
    public bool HalfPrecisionWeights => _halfHh.Length > 0;

    /// <inheritdoc/>
    public void SetHalfPrecisionWeights(bool enabled)
    {
        if (!enabled)
        {
            _halfIh = [];
            _halfHh = [];
            return;
        }
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Half-precision weights are for float layers.");
        var store = _cell.Store;
        var ih = MemoryMarshal.Cast<T, float>(store.Value(_cell.WeightIh));
        var hh = MemoryMarshal.Cast<T, float>(store.Value(_cell.WeightHh));
        var halfIh = new Half[ih.Length];
        var halfHh = new Half[hh.Length];
        HalfGemv.ToHalf(ih, halfIh);
        HalfGemv.ToHalf(hh, halfHh);
        (_halfIh, _halfHh) = (halfIh, halfHh);
    }

    /// <inheritdoc/>
    public void Forward(int steps, int batch, ReadOnlySpan<int> lengths, ReadOnlySpan<T> x, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0,
        Span<T> y, Span<T> hN, Span<T> cN, ReadOnlySpan<T> recurrentMask)
        => Forward(steps, batch, lengths, x, h0, c0, y, HiddenSize, hN, cN, recurrentMask);

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, ReadOnlySpan<T> dhN, ReadOnlySpan<T> dcN, Span<T> dx, Span<T> dh0, Span<T> dc0)
        => Backward(x, dy, HiddenSize, dhN, dcN, dx, accumulateDx: false, dh0, dc0);

    /// <summary>As <see cref="IRecurrentBlock{T}.Forward"/>, writing output rows with stride <paramref name="ldy"/> (≥ H)
    /// so that two directions can fill one concatenated buffer.</summary>
    public void Forward(int steps, int batch, ReadOnlySpan<int> lengths, ReadOnlySpan<T> x, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0,
        Span<T> y, int ldy, Span<T> hN, Span<T> cN, ReadOnlySpan<T> recurrentMask)
    {
        int d = InputSize, hs = HiddenSize, g = _cell.GateWidth, e = _cell.ExtraWidth;
        Validate(steps, batch, lengths, x, h0, c0, y, ldy, recurrentMask);
        Reserve(steps, batch, lengths, recurrentMask);
        int rows = steps * batch, bh = batch * hs;
        var store = _cell.Store;

        // Input projection of every step at once: gates = x·W_ihᵀ + b_ih      [T·B, G]
        var gates = _gates.AsSpan(0, rows * g);
        bool half = HalfPrecisionWeights;
        if (half)
        {
            var xs = MemoryMarshal.Cast<T, float>(x);
            var gs = MemoryMarshal.Cast<T, float>(gates);
            for (int r = 0; r < rows; r++) HalfGemv.Multiply(g, d, _halfIh, d, xs.Slice(r * d, d), gs.Slice(r * g, g));
        }
        else
        {
            Gemm.MultiplyNT(rows, g, d, x, d, store.Value(_cell.WeightIh), d, gates, g);
        }

        _transposed = !half && batch >= TransposeMinBatch && steps > 1;
        if (_transposed)
        {
            Grow(ref _weightHhT, g * hs);
            _cell.TransposeRecurrentWeights(_weightHhT);
        }

        int initial = Reverse ? steps + 1 : 0;
        CopyOrClear(h0, _hs.AsSpan(initial * bh, bh));
        if (HasCellState) CopyOrClear(c0, _cs.AsSpan(initial * bh, bh));

        RunRowGroups(RowGroups(batch, backward: false), backward: false, y, ldy);

        int final = Reverse ? 1 : steps;
        if (!hN.IsEmpty) _hs.AsSpan(final * bh, bh).CopyTo(hN);
        if (HasCellState && !cN.IsEmpty) _cs.AsSpan(final * bh, bh).CopyTo(cN);
    }

    /// <summary>As <see cref="IRecurrentBlock{T}.Backward"/>, reading ∂L/∂y rows with stride <paramref name="ldy"/>,
    /// and adding to <paramref name="dx"/> instead of overwriting it when <paramref name="accumulateDx"/> is true.</summary>
    public void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, int ldy, ReadOnlySpan<T> dhN, ReadOnlySpan<T> dcN, Span<T> dx,
        bool accumulateDx, Span<T> dh0, Span<T> dc0)
    {
        int steps = _steps, batch = _batch;
        if (steps == 0) throw new InvalidOperationException("Backward called before Forward.");
        if (HalfPrecisionWeights) throw new InvalidOperationException("Backward needs the float weights: turn half-precision weights off to train.");
        int d = InputSize, hs = HiddenSize, g = _cell.GateWidth, e = _cell.ExtraWidth;
        int rows = steps * batch, bh = batch * hs;
        CheckLength(x, rows * d, nameof(x));
        CheckLength(dy, (rows - 1) * ldy + hs, nameof(dy));
        if (!dhN.IsEmpty) CheckLength(dhN, bh, nameof(dhN));
        if (!dcN.IsEmpty) CheckLength(dcN, bh, nameof(dcN));
        if (!dx.IsEmpty) CheckLength(dx, rows * d, nameof(dx));
        var capture = HiddenGradientCapture;
        if (capture is not null && capture.Length < rows * hs)
            throw new InvalidOperationException($"The hidden-gradient capture holds {capture.Length} values; {rows * hs} are needed.");
        var store = _cell.Store;
        bool separate = _cell.HasSeparateRecurrentGradient;

        CopyOrClear(dhN, _dhA.AsSpan(0, bh));
        if (HasCellState) CopyOrClear(dcN, _dcA.AsSpan(0, bh));

        // The sweep swaps the running and next gradients at every step, so after it ∂L/∂h0 sits in the first
        // buffer when the number of steps is even. It only reads ∂L/∂y; the writable view lets one pinned span type carry
        // y forward and ∂L/∂y backward.
        RunRowGroups(RowGroups(batch, backward: true), backward: true,
            MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(dy), dy.Length), ldy);
        bool even = steps % 2 == 0;
        if (!dh0.IsEmpty) (even ? _dhA : _dhB).AsSpan(0, bh).CopyTo(dh0);
        if (HasCellState && !dc0.IsEmpty) (even ? _dcA : _dcB).AsSpan(0, bh).CopyTo(dc0);

        // db_ih += Σ_b Σ_t dG;  db_hh += Σ_b Σ_t dG_hh: the rows' sums over time, added in order of b, so that the
        // result does not depend on how the rows were grouped.
        if (_cell.BiasIh is not null)
        {
            RecurrentCell<T>.AddColumnSums(batch, g, _dBiasRows.AsSpan(0, batch * g), store.Gradient(_cell.BiasIh));
            RecurrentCell<T>.AddColumnSums(batch, g, (separate ? _dBiasHhRows : _dBiasRows).AsSpan(0, batch * g),
                store.Gradient(_cell.BiasHh!));
        }

        // Weight gradients of all steps at once.
        // dW_ih += dGᵀ·x;  dx (+)= dG·W_ih
        var dGates = _dGates.AsSpan(0, rows * g);
        var dGatesHh = separate ? _dGatesHh.AsSpan(0, rows * g) : dGates;
        Gemm.MultiplyTN(g, d, rows, dGates, g, x, d, store.Gradient(_cell.WeightIh), d, accumulate: true);
        if (!dx.IsEmpty) Gemm.MultiplyNN(rows, d, g, dGates, g, store.Value(_cell.WeightIh), d, dx, d, accumulateDx);
        int firstIn = Reverse ? 2 : 0;
        ReadOnlySpan<T> hInAll = _masked ? _hIn.AsSpan(0, rows * hs) : _hs.AsSpan(firstIn * bh, rows * hs);
        _cell.AccumulateRecurrentGradients(rows, hInAll, _extra.AsSpan(0, rows * e), dGatesHh);
    }

    // How many groups of batch rows the recurrence runs as, one per kernel thread. The rows of a batch do not
    // interact inside a recurrent layer, so each group runs every step without waiting for the others: no barrier per
    // step, and each thread's products use the whole W_hh on its own rows. A group keeps at least MinGroupRows rows,
    // as many as the tallest GEMM tile, so every row takes the GEMM path it would take in the whole batch and the
    // results do not depend on the grouping. Backward of a cell that adds to a parameter gradient at every step
    // (peepholes) runs as one group.
    //
    // Each group reads all of W_hh at every step, where a product split by columns reads a share of it per thread.
    // That costs little while W_hh stays in the shared L3 cache between steps, but a wide layer's W_hh (16 MiB for an
    // LSTM at H = 1024) does not, and then comes from memory once per group at every step. Measured on W6 at two
    // threads: at H = 512 (4 MiB) row groups give 9,038 / 9,704 tokens/s at seq 32 / 256 against 7,804 / 9,425 for
    // column splits (and W5 47,254 against 45,600); at H = 1024 they give 1,770 / 1,525 against 2,079 / 2,214.
    // Above RowGroupMaxWeightBytes the layer therefore keeps one group and splits each product instead.
    private int RowGroups(int batch, bool backward)
    {
        int threads = KernelThreads.Count;
        if (threads <= 1 || (backward && _cell.AccumulatesGradientsPerStep)) return 1;
        long weightBytes = (long)_cell.GateWidth * HiddenSize * Unsafe.SizeOf<T>();
        if (weightBytes > RowGroupMaxWeightBytes) return 1;
        return Math.Clamp(batch / MinGroupRows, 1, threads);
    }

    private unsafe void RunRowGroups(int groups, bool backward, Span<T> outer, int ld)
    {
        if (groups <= 1)
        {
            if (backward) BackwardRows(0, _batch, outer, ld);
            else ForwardRows(0, _batch, outer, ld);
            return;
        }
        _sweep ??= new RowGroupSweep(this);
        fixed (T* pointer = outer)
        {
            _sweep.Set(pointer, outer.Length, ld, groups, backward);
            try
            {
                KernelThreads.Run(_sweep, groups);
            }
            finally
            {
                _sweep.Set(null, 0, 0, 0, false);
            }
        }
    }

    // Every step of the forward recurrence for batch rows [first, first + count).
    private void ForwardRows(int first, int count, Span<T> y, int ldy)
    {
        int steps = _steps, batch = _batch, hs = HiddenSize, g = _cell.GateWidth, e = _cell.ExtraWidth;
        int bh = batch * hs, rowsH = count * hs, at = first * hs;
        var store = _cell.Store;
        // b_ih is added step by step, while the step's rows are in cache, rather than in a pass over all rows.
        ReadOnlySpan<T> biasIh = _cell.BiasIh is null ? default : store.Value(_cell.BiasIh);
        ReadOnlySpan<T> weightHhT = _transposed ? _weightHhT.AsSpan(0, g * hs) : default;
        ReadOnlySpan<Half> halfHh = _halfHh;
        for (int s = 0; s < steps; s++)
        {
            int t = Reverse ? steps - 1 - s : s;
            int inSlot = Reverse ? t + 2 : t, outSlot = t + 1;
            ReadOnlySpan<T> hPrev = _hs.AsSpan(inSlot * bh + at, rowsH);
            ReadOnlySpan<T> hIn = hPrev;
            if (_masked)
            {
                var masked = _hIn.AsSpan(t * bh + at, rowsH);
                TensorPrimitives.Multiply(hPrev, _mask.AsSpan(at, rowsH), masked);
                hIn = masked;
            }
            var hOut = _hs.AsSpan(outSlot * bh + at, rowsH);
            ReadOnlySpan<T> cPrev = HasCellState ? _cs.AsSpan(inSlot * bh + at, rowsH) : default;
            Span<T> cOut = HasCellState ? _cs.AsSpan(outSlot * bh + at, rowsH) : default;
            int row0 = t * batch + first;
            var stepGates = _gates.AsSpan(row0 * g, count * g);
            if (!biasIh.IsEmpty)
                for (int b = 0; b < count; b++) TensorPrimitives.Add(stepGates.Slice(b * g, g), biasIh, stepGates.Slice(b * g, g));
            var step = new CellStep<T>(stepGates, _extra.AsSpan(row0 * e, count * e), hIn, hPrev, cPrev, hOut, cOut, weightHhT, halfHh);
            _cell.Forward(count, step);

            for (int b = 0; b < count; b++)
            {
                var yRow = y.Slice((row0 + b) * ldy, hs);
                if (t < _lengths[first + b])
                {
                    hOut.Slice(b * hs, hs).CopyTo(yRow);
                    continue;
                }
                // A padded step keeps the state and outputs zeros.
                hPrev.Slice(b * hs, hs).CopyTo(hOut.Slice(b * hs, hs));
                if (HasCellState) cPrev.Slice(b * hs, hs).CopyTo(cOut.Slice(b * hs, hs));
                yRow.Clear();
            }
        }
    }

    // Every step of the backward sweep for batch rows [first, first + count): the gate gradients of every step, the
    // rows' bias-gradient sums over time, and ∂L/∂h0 (∂L/∂c0) left in _dhA/_dhB (_dcA/_dcB) as Backward expects.
    private void BackwardRows(int first, int count, ReadOnlySpan<T> dy, int ldy)
    {
        int steps = _steps, batch = _batch, hs = HiddenSize, g = _cell.GateWidth, e = _cell.ExtraWidth;
        int bh = batch * hs, rowsH = count * hs, at = first * hs;
        bool separate = _cell.HasSeparateRecurrentGradient;
        var capture = HiddenGradientCapture;

        Span<T> dhRun = _dhA.AsSpan(at, rowsH), dhNext = _dhB.AsSpan(at, rowsH);
        Span<T> dcRun = HasCellState ? _dcA.AsSpan(at, rowsH) : default, dcNext = HasCellState ? _dcB.AsSpan(at, rowsH) : default;
        var dhStep = _dhStep.AsSpan(at, rowsH);
        Span<T> dcStep = HasCellState ? _dcStep.AsSpan(at, rowsH) : default;
        // Bias gradients are summed per row over time while the step's gate gradients are in cache.
        bool bias = _cell.BiasIh is not null;
        Span<T> dBiasIh = bias ? _dBiasRows.AsSpan(first * g, count * g) : default;
        Span<T> dBiasHh = bias && separate ? _dBiasHhRows.AsSpan(first * g, count * g) : default;
        dBiasIh.Clear();
        dBiasHh.Clear();
        // A cell that sums its gate gradients itself does so while they are in registers.
        bool cellSums = bias && !separate && _cell.SumsGateGradients;

        for (int s = steps - 1; s >= 0; s--)
        {
            int t = Reverse ? steps - 1 - s : s;
            int inSlot = Reverse ? t + 2 : t, outSlot = t + 1;
            int row0 = t * batch + first;
            for (int b = 0; b < count; b++)
            {
                var dhs = dhStep.Slice(b * hs, hs);
                if (t < _lengths[first + b])
                {
                    TensorPrimitives.Add(dhRun.Slice(b * hs, hs), dy.Slice((row0 + b) * ldy, hs), dhs);
                    if (HasCellState) dcRun.Slice(b * hs, hs).CopyTo(dcStep.Slice(b * hs, hs));
                }
                else
                {
                    // Padded: no gradient enters the cell; dh, dc pass through to the previous step below.
                    dhs.Clear();
                    if (HasCellState) dcStep.Slice(b * hs, hs).Clear();
                }
            }
            // The cell uses dhStep as scratch, so the capture copies it first.
            if (capture is not null) dhStep.CopyTo(capture.AsSpan(t * bh + at, rowsH));
            ReadOnlySpan<T> hPrev = _hs.AsSpan(inSlot * bh + at, rowsH);
            ReadOnlySpan<T> hIn = _masked ? _hIn.AsSpan(t * bh + at, rowsH) : hPrev;
            var step = new CellStep<T>(_gates.AsSpan(row0 * g, count * g), _extra.AsSpan(row0 * e, count * e),
                hIn, hPrev, HasCellState ? _cs.AsSpan(inSlot * bh + at, rowsH) : default,
                _hs.AsSpan(outSlot * bh + at, rowsH), HasCellState ? _cs.AsSpan(outSlot * bh + at, rowsH) : default);
            Span<T> dhIn = dhNext;
            if (_masked)
            {
                dhIn = _dhIn.AsSpan(at, rowsH);
                dhIn.Clear();
            }
            var dGatesStep = _dGates.AsSpan(row0 * g, count * g);
            var dGatesHhStep = separate ? _dGatesHh.AsSpan(row0 * g, count * g) : dGatesStep;
            var grad = new CellGradients<T>(dhStep, dcStep, dGatesStep, dGatesHhStep, dhNext, dhIn, dcNext, cellSums ? dBiasIh : default);
            _cell.Backward(count, step, grad);
            if (bias && !cellSums)
            {
                for (int b = 0; b < count; b++)
                {
                    var sums = dBiasIh.Slice(b * g, g);
                    TensorPrimitives.Add(sums, dGatesStep.Slice(b * g, g), sums);
                    if (!separate) continue;
                    sums = dBiasHh.Slice(b * g, g);
                    TensorPrimitives.Add(sums, dGatesHhStep.Slice(b * g, g), sums);
                }
            }
            // h_in = h_prev⊙mask, so ∂L/∂h_prev gains mask⊙∂L/∂h_in.
            if (_masked) TensorPrimitives.FusedMultiplyAdd(dhIn, _mask.AsSpan(at, rowsH), dhNext, dhNext);
            for (int b = 0; b < count; b++)
            {
                if (t < _lengths[first + b]) continue;
                dhRun.Slice(b * hs, hs).CopyTo(dhNext.Slice(b * hs, hs));
                if (HasCellState) dcRun.Slice(b * hs, hs).CopyTo(dcNext.Slice(b * hs, hs));
            }
            var swap = dhRun; dhRun = dhNext; dhNext = swap;
            if (HasCellState) { swap = dcRun; dcRun = dcNext; dcNext = swap; }
        }
    }

    // Runs the forward or backward recurrence of one pass as one job of row groups on the kernel threads. The outer
    // buffer (y forward, ∂L/∂y backward) belongs to the caller and is pinned for the duration of the job.
    private sealed unsafe class RowGroupSweep(RecurrentLayer<T> layer) : KernelThreads.Work
    {
        private T* _outer;
        private int _length, _ld, _groups;
        private bool _backward;

        public void Set(T* outer, int length, int ld, int groups, bool backward)
        {
            _outer = outer;
            (_length, _ld, _groups, _backward) = (length, ld, groups, backward);
        }

        public override void Execute(int part)
        {
            int batch = layer._batch;
            int first = (int)((long)batch * part / _groups), end = (int)((long)batch * (part + 1) / _groups);
            var outer = new Span<T>(_outer, _length);
            if (_backward) layer.BackwardRows(first, end - first, outer, _ld);
            else layer.ForwardRows(first, end - first, outer, _ld);
        }
    }

    private void Validate(int steps, int batch, ReadOnlySpan<int> lengths, ReadOnlySpan<T> x, ReadOnlySpan<T> h0,
        ReadOnlySpan<T> c0, Span<T> y, int ldy, ReadOnlySpan<T> mask)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (ldy < HiddenSize) throw new ArgumentException($"Output stride {ldy} is below the hidden size {HiddenSize}.", nameof(ldy));
        if (!lengths.IsEmpty)
        {
            if (lengths.Length != batch) throw new ArgumentException($"Expected {batch} lengths, got {lengths.Length}.", nameof(lengths));
            for (int b = 0; b < batch; b++)
                if ((uint)lengths[b] > (uint)steps)
                    throw new ArgumentException($"Length {lengths[b]} of sequence {b} is outside 0..{steps}.", nameof(lengths));
        }
        int bh = batch * HiddenSize;
        CheckLength(x, steps * batch * InputSize, nameof(x));
        CheckLength(y, (steps * batch - 1) * ldy + HiddenSize, nameof(y));
        if (!h0.IsEmpty) CheckLength(h0, bh, nameof(h0));
        if (!c0.IsEmpty) CheckLength(c0, bh, nameof(c0));
        if (!mask.IsEmpty) CheckLength(mask, bh, nameof(mask));
    }

    private static void CheckLength<TItem>(ReadOnlySpan<TItem> span, int needed, string name)
    {
        if (span.Length < needed) throw new ArgumentException($"Expected at least {needed} elements, got {span.Length}.", name);
    }

    private void Reserve(int steps, int batch, ReadOnlySpan<int> lengths, ReadOnlySpan<T> mask)
    {
        int hs = HiddenSize, g = _cell.GateWidth, e = _cell.ExtraWidth;
        int rows = steps * batch, bh = batch * hs;
        Grow(ref _gates, rows * g);
        Grow(ref _dGates, rows * g);
        if (_cell.HasSeparateRecurrentGradient) Grow(ref _dGatesHh, rows * g);
        if (_cell.BiasIh is not null)
        {
            Grow(ref _dBiasRows, batch * g);
            if (_cell.HasSeparateRecurrentGradient) Grow(ref _dBiasHhRows, batch * g);
        }
        Grow(ref _extra, rows * e);
        Grow(ref _hs, (steps + 2) * bh);
        Grow(ref _dhA, bh); Grow(ref _dhB, bh); Grow(ref _dhStep, bh);
        if (HasCellState)
        {
            Grow(ref _cs, (steps + 2) * bh);
            Grow(ref _dcA, bh); Grow(ref _dcB, bh); Grow(ref _dcStep, bh);
        }
        Grow(ref _lengths, batch);
        if (lengths.IsEmpty) _lengths.AsSpan(0, batch).Fill(steps);
        else lengths.CopyTo(_lengths);
        _masked = !mask.IsEmpty;
        if (_masked)
        {
            Grow(ref _mask, bh); Grow(ref _hIn, rows * hs); Grow(ref _dhIn, bh);
            mask[..bh].CopyTo(_mask);
        }
        _steps = steps;
        _batch = batch;
    }

    private static void Grow<TItem>(ref TItem[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new TItem[length];
    }

    private static void CopyOrClear(ReadOnlySpan<T> source, Span<T> destination)
    {
        if (source.IsEmpty) destination.Clear();
        else source[..destination.Length].CopyTo(destination);
    }
}
