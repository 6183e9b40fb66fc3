using System.Numerics;
using System.Numerics.Tensors;
using Recur.Cells;
using Recur.Training;

namespace Recur.Layers;

/// <summary>
/// A deep recurrent network: <see cref="RecurrentOptions.NumLayers"/> layers of one cell form, each one-directional or
/// <see cref="Bidirectional{T}"/>, layer l+1 reading layer l's output, with optional dropout between layers and
/// variational dropout on the recurrent connection. The analogue of torch.nn.RNN/GRU/LSTM: parameters are named
/// <c>{prefix}weight_ih_l{k}[_reverse]</c> etc., and state tensors are [NumLayers·Directions, B, H] ordered l0 forward,
/// l0 reverse, l1 forward, ….
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Stacked<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IRecurrentBlock<T>[] _layers;
    private T[][] _outs, _ins, _dropMasks, _recurrentMasks, _dIns;
    private int _steps, _batch;
    private bool _dropped, _recurrentDropped;
    private int[] _lengths = [];

    /// <summary>Creates every layer and reserves its parameters in <paramref name="store"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public Stacked(ParameterStore<T> store, RecurrentOptions options, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Store = store;
        _layers = new IRecurrentBlock<T>[options.NumLayers];
        int input = options.InputSize;
        for (int l = 0; l < options.NumLayers; l++)
        {
            _layers[l] = options.Bidirectional
                ? new Bidirectional<T>(store, prefix, $"_l{l}", options.Cell, input, options.HiddenSize, options.Merge, options.Bias)
                : new RecurrentLayer<T>(store, prefix, $"_l{l}", options.Cell, input, options.HiddenSize, reverse: false, options.Bias);
            input = _layers[l].OutputSize;
        }
        int n = options.NumLayers;
        _outs = new T[n][]; _ins = new T[n][]; _dropMasks = new T[n][]; _recurrentMasks = new T[n][]; _dIns = new T[n][];
        for (int l = 0; l < n; l++) { _outs[l] = []; _ins[l] = []; _dropMasks[l] = []; _recurrentMasks[l] = []; _dIns[l] = []; }
    }

    /// <summary>The options this network was built with.</summary>
    public RecurrentOptions Options { get; }

    /// <summary>The store holding the parameters.</summary>
    public ParameterStore<T> Store { get; }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<IRecurrentBlock<T>> Layers => _layers;

    /// <summary>1 or 2.</summary>
    public int Directions => Options.Bidirectional ? 2 : 1;

    /// <summary>Width of one output row.</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>Number of state rows: NumLayers·Directions.</summary>
    public int StateLayers => Options.NumLayers * Directions;

    /// <summary>True for LSTM forms.</summary>
    public bool HasCellState => Options.Cell.HasCellState();

    /// <summary>True while every layer reads half-precision weights (see <see cref="SetHalfPrecisionWeights"/>).</summary>
    public bool HalfPrecisionWeights => _layers[0].HalfPrecisionWeights;

    /// <summary>Turns half-precision weights on or off in every layer (see <see cref="IRecurrentBlock{T}.SetHalfPrecisionWeights"/>).</summary>
    /// <exception cref="NotSupportedException">The element type is not float.</exception>
    /// <exception cref="ArgumentException">A weight exceeds half precision's range.</exception>
    public void SetHalfPrecisionWeights(bool enabled)
    {
        foreach (var layer in _layers) layer.SetHalfPrecisionWeights(enabled);
    }

    /// <summary>Every cell, in parameter order (layer by layer, forward before reverse).</summary>
    public IEnumerable<RecurrentCell<T>> Cells => _layers.SelectMany(l => l switch
    {
        Bidirectional<T> bi => new[] { bi.Forwards.Cell, bi.Backwards.Cell },
        RecurrentLayer<T> one => new[] { one.Cell },
        _ => throw new InvalidOperationException("Unknown layer type."),
    });

    /// <summary>
    /// Initialises every parameter like PyTorch, uniform in ±1/√H; optionally each gate block of W_hh orthogonal, and for
    /// LSTMs a forget-gate bias (b_ih's f block set to <paramref name="forgetBias"/>, b_hh's f block to 0, so the sum is
    /// the given value; 1 is the usual choice, after Jozefowicz et al. 2015).
    /// </summary>
    /// <exception cref="ArgumentException">A forget bias is asked for a cell without a forget gate or without biases.</exception>
    public void Reset(Rng rng, bool orthogonalRecurrent = false, double? forgetBias = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (forgetBias is not null && (!HasCellState || !Options.Bias))
            throw new ArgumentException($"A forget-gate bias needs an LSTM with biases, not {Options.Cell.ToName()}.", nameof(forgetBias));
        double bound = 1.0 / Math.Sqrt(Options.HiddenSize);
        int h = Options.HiddenSize;
        foreach (var cell in Cells)
        {
            foreach (var slot in cell.Parameters) Initialization.Uniform(Store.Value(slot), rng, bound);
            if (orthogonalRecurrent)
            {
                var w = Store.Value(cell.WeightHh);
                for (int g = 0; g < cell.GateWidth / h; g++) Initialization.Orthogonal(w.Slice(g * h * h, h * h), h, rng);
            }
            if (forgetBias is double fb)
            {
                // Gate order i, f, g, o: the f block is rows H..2H.
                Store.Value(cell.BiasIh!).Slice(h, h).Fill(T.CreateChecked(fb));
                Store.Value(cell.BiasHh!).Slice(h, h).Clear();
            }
        }
    }

    /// <summary>Runs every layer.</summary>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="lengths">[B] valid steps per sequence, or empty for all T.</param>
    /// <param name="x">[T, B, InputSize].</param>
    /// <param name="h0">[StateLayers, B, H] or empty for zeros.</param>
    /// <param name="c0">[StateLayers, B, H] or empty for zeros (LSTM).</param>
    /// <param name="y">[T, B, OutputSize], written.</param>
    /// <param name="hN">[StateLayers, B, H] final states, or empty.</param>
    /// <param name="cN">[StateLayers, B, H] final cell states, or empty.</param>
    /// <param name="dropoutRng">Source of dropout masks in training; null for inference (no dropout).</param>
    public void Forward(int steps, int batch, ReadOnlySpan<int> lengths, ReadOnlySpan<T> x, ReadOnlySpan<T> h0, ReadOnlySpan<T> c0,
        Span<T> y, Span<T> hN, Span<T> cN, Rng? dropoutRng = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int rows = steps * batch, states = Directions * batch * Options.HiddenSize;
        CheckStates(h0, batch, nameof(h0)); CheckStates(c0, batch, nameof(c0)); CheckStates(hN, batch, nameof(hN)); CheckStates(cN, batch, nameof(cN));
        if (_lengths.Length < batch) _lengths = new int[batch];
        if (lengths.IsEmpty) _lengths.AsSpan(0, batch).Fill(steps);
        else
        {
            if (lengths.Length != batch) throw new ArgumentException($"Expected {batch} lengths, got {lengths.Length}.", nameof(lengths));
            lengths.CopyTo(_lengths);
        }
        _steps = steps;
        _batch = batch;
        _dropped = dropoutRng is not null && Options.Dropout > 0;
        _recurrentDropped = dropoutRng is not null && Options.RecurrentDropout > 0;

        ReadOnlySpan<T> input = x;
        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            bool last = l == _layers.Length - 1;
            Span<T> output = last ? y : Grow(ref _outs[l], rows * layer.OutputSize);
            ReadOnlySpan<T> mask = default;
            if (_recurrentDropped)
            {
                var m = Grow(ref _recurrentMasks[l], states);
                FillDropoutMask(m, Options.RecurrentDropout, dropoutRng!);
                mask = m;
            }
            layer.Forward(steps, batch, _lengths.AsSpan(0, batch), input, Part(h0, l, states), Part(c0, l, states), output,
                Part(hN, l, states), Part(cN, l, states), mask);
            if (last) break;
            if (_dropped)
            {
                var m = Grow(ref _dropMasks[l], rows * layer.OutputSize);
                FillDropoutMask(m, Options.Dropout, dropoutRng!);
                var dropped = Grow(ref _ins[l + 1], rows * layer.OutputSize);
                TensorPrimitives.Multiply(output, m, dropped);
                input = dropped;
            }
            else input = output;
        }
    }

    /// <summary>Backpropagates through the last <see cref="Forward"/>; parameter gradients are added to the store.</summary>
    /// <param name="x">[T, B, InputSize], the forward input.</param>
    /// <param name="dy">[T, B, OutputSize].</param>
    /// <param name="dhN">[StateLayers, B, H] or empty.</param>
    /// <param name="dcN">[StateLayers, B, H] or empty.</param>
    /// <param name="dx">[T, B, InputSize] overwritten with ∂L/∂x, or empty to skip.</param>
    /// <param name="dh0">[StateLayers, B, H] overwritten, or empty.</param>
    /// <param name="dc0">[StateLayers, B, H] overwritten, or empty.</param>
    public void Backward(ReadOnlySpan<T> x, ReadOnlySpan<T> dy, ReadOnlySpan<T> dhN, ReadOnlySpan<T> dcN, Span<T> dx, Span<T> dh0, Span<T> dc0)
    {
        if (_steps == 0) throw new InvalidOperationException("Backward called before Forward.");
        int rows = _steps * _batch, states = Directions * _batch * Options.HiddenSize;
        CheckStates(dhN, _batch, nameof(dhN)); CheckStates(dcN, _batch, nameof(dcN)); CheckStates(dh0, _batch, nameof(dh0)); CheckStates(dc0, _batch, nameof(dc0));
        ReadOnlySpan<T> dOut = dy;
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            var layer = _layers[l];
            ReadOnlySpan<T> input = l == 0 ? x : (_dropped ? _ins[l].AsSpan(0, rows * layer.InputSize) : _outs[l - 1].AsSpan(0, rows * layer.InputSize));
            Span<T> dInput = l == 0 ? dx : Grow(ref _dIns[l], rows * layer.InputSize);
            layer.Backward(input, dOut, Part(dhN, l, states), Part(dcN, l, states), dInput, Part(dh0, l, states), Part(dc0, l, states));
            if (l == 0) break;
            // in_l = out_{l−1}⊙mask, so ∂L/∂out_{l−1} = ∂L/∂in_l⊙mask.
            if (_dropped) TensorPrimitives.Multiply(dInput, _dropMasks[l - 1].AsSpan(0, dInput.Length), dInput);
            dOut = dInput;
        }
    }

    private void CheckStates(ReadOnlySpan<T> s, int batch, string name)
    {
        int needed = StateLayers * batch * Options.HiddenSize;
        if (!s.IsEmpty && s.Length < needed)
            throw new ArgumentException($"State tensor of {s.Length} elements is smaller than [{StateLayers}, {batch}, {Options.HiddenSize}].", name);
    }

    private static void FillDropoutMask(Span<T> mask, double p, Rng rng)
    {
        // Inverted dropout: kept units are scaled by 1/(1−p) so the expectation is unchanged.
        T keep = T.CreateChecked(1.0 / (1.0 - p));
        for (int i = 0; i < mask.Length; i++) mask[i] = rng.NextDouble() < p ? T.Zero : keep;
    }

    private static Span<T> Grow(ref T[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new T[length];
        return buffer.AsSpan(0, length);
    }

    private static ReadOnlySpan<T> Part(ReadOnlySpan<T> s, int index, int size) => s.IsEmpty ? s : s.Slice(index * size, size);

    private static Span<T> Part(Span<T> s, int index, int size) => s.IsEmpty ? s : s.Slice(index * size, size);
}
