using System.Numerics;
using System.Numerics.Tensors;
using Recur.Cells;

namespace Recur.Layers;

/// <summary>
/// Two <see cref="RecurrentLayer{T}"/>s of the same cell, one forward and one reverse (starting at each sequence's own
/// last step), over the same input; outputs concatenated or summed. State tensors are [2, B, H]: forward, then reverse.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Bidirectional<T> : IRecurrentBlock<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _reverseOut = [];
    private int _rows, _batch;

    /// <summary>Creates both directions; parameters are named <c>{prefix}weight_ih{suffix}</c> and <c>…{suffix}_reverse</c>.</summary>
    public Bidirectional(ParameterStore<T> store, string prefix, string suffix, CellKind kind, int inputSize, int hiddenSize,
        DirectionMerge merge = DirectionMerge.Concat, bool bias = true)
    {
        Forwards = new RecurrentLayer<T>(store, prefix, suffix, kind, inputSize, hiddenSize, reverse: false, bias);
        Backwards = new RecurrentLayer<T>(store, prefix, suffix + "_reverse", kind, inputSize, hiddenSize, reverse: true, bias);
        Merge = merge;
    }

    /// <summary>The forward-in-time direction.</summary>
    public RecurrentLayer<T> Forwards { get; }

    /// <summary>The reverse direction.</summary>
    public RecurrentLayer<T> Backwards { get; }

    /// <summary>How outputs combine.</summary>
    public DirectionMerge Merge { get; }

    /// <inheritdoc/>
    public int InputSize => Forwards.InputSize;

    /// <inheritdoc/>
    public int HiddenSize => Forwards.HiddenSize;

    /// <inheritdoc/>
    public int OutputSize => Merge == DirectionMerge.Concat ? 2 * HiddenSize : HiddenSize;

    /// <inheritdoc/>
    public int Directions => 2;

    /// <inheritdoc/>
    public bool HasCellState => Forwards.HasCellState;

    /// <inheritdoc/>
    public bool HalfPrecisionWeights => Forwards.HalfPrecisionWeights;

    /// <inheritdoc/>
    public void SetHalfPrecisionWeights(bool enabled)
    {
        Forwards.SetHalfPrecisionWeights(enabled);
        Backwards.SetHalfPrecisionWeights(enabled);
    }

    /// <inheritdoc/>
    public void Forward(int steps, int batch, ReadOnlySpan<int> lengths, ReadOnlySpan<T> x, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0,
        Span<T> y, Span<T> hN, Span<T> cN, ReadOnlySpan<T> recurrentMask)
    {
        int bh = batch * HiddenSize, hs = HiddenSize;
        if (!h0.IsEmpty && h0.Length < 2 * bh) throw new ArgumentException($"Expected {2 * bh} initial states.", nameof(h0));
        if (!c0.IsEmpty && c0.Length < 2 * bh) throw new ArgumentException($"Expected {2 * bh} initial cell states.", nameof(c0));
        if (!hN.IsEmpty && hN.Length < 2 * bh) throw new ArgumentException($"Expected room for {2 * bh} final states.", nameof(hN));
        if (!cN.IsEmpty && cN.Length < 2 * bh) throw new ArgumentException($"Expected room for {2 * bh} final cell states.", nameof(cN));
        if (!recurrentMask.IsEmpty && recurrentMask.Length < 2 * bh) throw new ArgumentException($"Expected {2 * bh} mask values.", nameof(recurrentMask));
        if (steps <= 0 || batch <= 0) throw new ArgumentOutOfRangeException(nameof(steps), "Steps and batch must be positive.");
        int rows = steps * batch;
        if (y.Length < rows * OutputSize) throw new ArgumentException($"Expected room for {rows * OutputSize} outputs.", nameof(y));
        _rows = rows;
        _batch = batch;
        if (Merge == DirectionMerge.Concat)
        {
            Forwards.Forward(steps, batch, lengths, x, Part(h0, 0, bh), Part(c0, 0, bh), y, 2 * hs,
                Part(hN, 0, bh), Part(cN, 0, bh), Part(recurrentMask, 0, bh));
            Backwards.Forward(steps, batch, lengths, x, Part(h0, 1, bh), Part(c0, 1, bh), y[hs..], 2 * hs,
                Part(hN, 1, bh), Part(cN, 1, bh), Part(recurrentMask, 1, bh));
            return;
        }
        if (_reverseOut.Length < rows * hs) _reverseOut = new T[rows * hs];
        var reverseOut = _reverseOut.AsSpan(0, rows * hs);
        Forwards.Forward(steps, batch, lengths, x, Part(h0, 0, bh), Part(c0, 0, bh), y, hs,
            Part(hN, 0, bh), Part(cN, 0, bh), Part(recurrentMask, 0, bh));
        Backwards.Forward(steps, batch, lengths, x, Part(h0, 1, bh), Part(c0, 1, bh), reverseOut, hs,
            Part(hN, 1, bh), Part(cN, 1, bh), Part(recurrentMask, 1, bh));
        TensorPrimitives.Add(y[..(rows * hs)], reverseOut, y[..(rows * hs)]);
    }

    /// <inheritdoc/>
    public void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, ReadOnlySpan<T> dhN, ReadOnlySpan<T> dcN, Span<T> dx, Span<T> dh0, Span<T> dc0)
    {
        if (_rows == 0) throw new InvalidOperationException("Backward called before Forward.");
        int hs = HiddenSize, half = _batch * hs;
        int stride = Merge == DirectionMerge.Concat ? 2 * hs : hs;
        ReadOnlySpan<T> dyReverse = Merge == DirectionMerge.Concat ? dy[hs..] : dy;
        Forwards.Backward(x, dy, stride, Part(dhN, 0, half), Part(dcN, 0, half), dx, accumulateDx: false, Part(dh0, 0, half), Part(dc0, 0, half));
        Backwards.Backward(x, dyReverse, stride, Part(dhN, 1, half), Part(dcN, 1, half), dx, accumulateDx: true, Part(dh0, 1, half), Part(dc0, 1, half));
    }

    private static ReadOnlySpan<T> Part(ReadOnlySpan<T> s, int index, int size) => s.IsEmpty ? s : s.Slice(index * size, size);

    private static Span<T> Part(Span<T> s, int index, int size) => s.IsEmpty ? s : s.Slice(index * size, size);
}
