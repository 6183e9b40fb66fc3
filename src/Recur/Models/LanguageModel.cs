using System.Numerics;
using Recur.Layers;
using Recur.Text;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// A word- or character-level language model: P(y⟨t⟩ | y⟨1⟩…y⟨t−1⟩) = softmax(W·a⟨t⟩ + b) over a stacked recurrent network
/// of embedded tokens. Parameters: <c>embedding.weight</c>, <c>rnn.*</c> (PyTorch names), <c>decoder.weight</c>, <c>decoder.bias</c>.
/// The hidden state of the last batch is kept so that consecutive windows of a stream continue it (truncated BPTT)
/// and generation continues token by token.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class LanguageModel<T> : ITrainable<T, TokenBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dropout<T> _inputDropout, _outputDropout;
    private readonly SoftmaxCrossEntropy<T> _loss = new();
    private T[] _embedded = [], _rnnIn = [], _rnnOut = [], _decoderIn = [], _logits = [], _dLogits = [];
    private T[] _dDecoderIn = [], _dRnnOut = [], _dRnnIn = [];
    private T[] _h = [], _c = [], _hN = [], _cN = [];
    private int[] _inputs = [];
    private int _steps, _batch, _stateBatch;

    /// <summary>Creates the model with zeroed parameters; call <see cref="Reset(Rng, bool, double?)"/> or <see cref="Reset(Rng, double)"/> to initialise them.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public LanguageModel(LanguageModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Store = new ParameterStore<T>();
        Embedding = new Embedding<T>(Store, "embedding.", options.VocabularySize, options.EmbeddingSize);
        Rnn = new Stacked<T>(Store, options.Recurrent, "rnn.");
        Decoder = new Linear<T>(Store, "decoder.", options.HiddenSize, options.VocabularySize);
        _inputDropout = new Dropout<T>(options.Dropout);
        _outputDropout = new Dropout<T>(options.Dropout);
    }

    /// <summary>The options the model was built with.</summary>
    public LanguageModelOptions Options { get; }

    /// <summary>All parameters and their gradients.</summary>
    public ParameterStore<T> Store { get; }

    /// <summary>Token embeddings.</summary>
    public Embedding<T> Embedding { get; }

    /// <summary>The recurrent stack.</summary>
    public Stacked<T> Rnn { get; }

    /// <summary>The output projection to vocabulary logits.</summary>
    public Linear<T> Decoder { get; }

    /// <summary>V.</summary>
    public int VocabularySize => Options.VocabularySize;

    /// <summary>The carried hidden state [L, B, H] after the last forward pass.</summary>
    public ReadOnlySpan<T> HiddenState => _h.AsSpan(0, StateLength(_stateBatch));

    /// <summary>The carried cell state [L, B, H] (LSTM), empty otherwise.</summary>
    public ReadOnlySpan<T> CellState => Rnn.HasCellState ? _c.AsSpan(0, StateLength(_stateBatch)) : default;

    /// <summary>Number of sequences the carried state is for.</summary>
    public int StateBatch => _stateBatch;

    /// <summary>Initialises every parameter as PyTorch does for each module.</summary>
    public void Reset(Rng rng, bool orthogonalRecurrent = false, double? forgetBias = null)
    {
        Embedding.Reset(rng);
        Rnn.Reset(rng, orthogonalRecurrent, forgetBias);
        Decoder.Reset(rng);
    }

    /// <summary>
    /// Initialises every parameter (embedding, recurrent weights and biases, decoder) uniformly in [−R, R), drawn in
    /// the order of <see cref="Store"/>, as Zaremba et al. do (R = 0.1 for their small PTB model).
    /// </summary>
    /// <param name="rng">Source of the draws.</param>
    /// <param name="initRange">R, positive and finite.</param>
    /// <exception cref="ArgumentException"><paramref name="initRange"/> is not positive and finite.</exception>
    public void Reset(Rng rng, double initRange)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(initRange > 0) || double.IsInfinity(initRange))
            throw new ArgumentException($"The initialisation range must be positive and finite, got {initRange}.", nameof(initRange));
        Initialization.Uniform(Store.Values, rng, initRange);
    }

    /// <summary>Sets the carried state to zeros for <paramref name="batch"/> sequences.</summary>
    public void ResetState(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int n = StateLength(batch);
        Grow(ref _h, n); Grow(ref _c, n); Grow(ref _hN, n); Grow(ref _cN, n);
        _h.AsSpan(0, n).Clear();
        _c.AsSpan(0, n).Clear();
        _stateBatch = batch;
    }

    /// <summary>Replaces the carried state (e.g. from a checkpoint).</summary>
    /// <exception cref="ArgumentException">The lengths do not fit [L, batch, H].</exception>
    public void SetState(int batch, ReadOnlySpan<T> h, ReadOnlySpan<T> c)
    {
        ResetState(batch);
        int n = StateLength(batch);
        if (h.Length != n) throw new ArgumentException($"Expected a hidden state of {n} values, got {h.Length}.", nameof(h));
        h.CopyTo(_h);
        if (Rnn.HasCellState)
        {
            if (c.Length != n) throw new ArgumentException($"Expected a cell state of {n} values, got {c.Length}.", nameof(c));
            c.CopyTo(_c);
        }
    }

    /// <summary>
    /// Forward pass over a time-major batch: logits of every step and the mean cross-entropy against the targets.
    /// </summary>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="inputs">[T·B] token ids.</param>
    /// <param name="targets">[T·B] next-token ids, −100 where padded; empty to skip the loss.</param>
    /// <param name="lengths">[B] valid steps per sequence, or empty for all T.</param>
    /// <param name="carryState">Start from the carried state (consecutive windows of a stream) instead of zeros.</param>
    /// <param name="dropoutRng">Dropout source in training; null for evaluation.</param>
    /// <returns>The mean loss over the counted steps, or zero without targets.</returns>
    public T Forward(int steps, int batch, ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, ReadOnlySpan<int> lengths,
        bool carryState, Rng? dropoutRng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int rows = steps * batch, e = Options.EmbeddingSize, h = Options.HiddenSize, v = VocabularySize;
        if (inputs.Length < rows) throw new ArgumentException($"Expected {rows} inputs, got {inputs.Length}.", nameof(inputs));
        if (!carryState || _stateBatch != batch) ResetState(batch);
        _steps = steps;
        _batch = batch;
        Grow(ref _inputs, rows);
        inputs[..rows].CopyTo(_inputs);
        var embedded = Grow(ref _embedded, rows * e);
        var rnnIn = Grow(ref _rnnIn, rows * e);
        var rnnOut = Grow(ref _rnnOut, rows * h);
        var decoderIn = Grow(ref _decoderIn, rows * h);
        var logits = Grow(ref _logits, rows * v);

        // e⟨t⟩ = E[x⟨t⟩];  a⟨t⟩ = rnn(drop(e⟨t⟩), a⟨t−1⟩);  z⟨t⟩ = W·drop(a⟨t⟩) + b
        Embedding.Forward(inputs[..rows], embedded);
        _inputDropout.Forward(embedded, rnnIn, dropoutRng);
        int n = StateLength(batch);
        Rnn.Forward(steps, batch, lengths, rnnIn, _h.AsSpan(0, n), Rnn.HasCellState ? _c.AsSpan(0, n) : default,
            rnnOut, _hN.AsSpan(0, n), Rnn.HasCellState ? _cN.AsSpan(0, n) : default, dropoutRng);
        _outputDropout.Forward(rnnOut, decoderIn, dropoutRng);
        Decoder.Forward(rows, decoderIn, logits);
        // The final states become the carried state; gradients never flow into it (truncated BPTT).
        _hN.AsSpan(0, n).CopyTo(_h);
        if (Rnn.HasCellState) _cN.AsSpan(0, n).CopyTo(_c);
        if (targets.IsEmpty) return T.Zero;
        if (targets.Length < rows) throw new ArgumentException($"Expected {rows} targets, got {targets.Length}.", nameof(targets));
        var dLogits = Grow(ref _dLogits, rows * v);
        return _loss.Compute(rows, v, logits, targets, dLogits);
    }

    /// <summary>Forward pass over a token batch (see the span overload); the state carries over when the batch says so.</summary>
    public T Forward(TokenBatch batch, Rng? dropoutRng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return Forward(batch.Steps, batch.Size, batch.InputSpan, batch.TargetSpan, batch.LengthSpan, batch.CarriesState, dropoutRng);
    }

    /// <summary>Targets the mean loss counts: those that are not padding.</summary>
    public int CountItems(TokenBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.TargetCount;
    }

    /// <summary>Logits [T·B, V] of the last forward pass.</summary>
    public ReadOnlySpan<T> Logits => _logits.AsSpan(0, _steps * _batch * VocabularySize);

    /// <summary>True while the recurrent layers and the decoder read half-precision weights (see <see cref="SetHalfPrecisionWeights"/>).</summary>
    public bool HalfPrecisionWeights => Rnn.HalfPrecisionWeights;

    /// <summary>
    /// For generation and scoring: turns on or off forward passes with the weight matrices of the recurrent layers and
    /// the decoder rounded to half precision, which halves the bytes a token reads. On takes a snapshot of the current
    /// weights (call it again after they change); embeddings and biases stay in float; <see cref="Backward"/> throws
    /// while it is on. Float models only.
    /// </summary>
    /// <exception cref="NotSupportedException">The element type is not float.</exception>
    /// <exception cref="ArgumentException">A weight exceeds half precision's range (±65504).</exception>
    public void SetHalfPrecisionWeights(bool enabled)
    {
        Rnn.SetHalfPrecisionWeights(enabled);
        Decoder.SetHalfPrecisionWeights(enabled);
    }

    /// <summary>Backpropagates the loss of the last <see cref="Forward(int, int, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int}, bool, Rng)"/> (which must have had targets); gradients are added.</summary>
    public void Backward()
    {
        if (_steps == 0) throw new InvalidOperationException("Backward called before Forward.");
        if (HalfPrecisionWeights) throw new InvalidOperationException("Backward needs the float weights: turn half-precision weights off to train.");
        int rows = _steps * _batch, e = Options.EmbeddingSize, h = Options.HiddenSize;
        var dDecoderIn = Grow(ref _dDecoderIn, rows * h);
        var dRnnOut = Grow(ref _dRnnOut, rows * h);
        var dRnnIn = Grow(ref _dRnnIn, rows * e);
        Decoder.Backward(rows, _decoderIn.AsSpan(0, rows * h), _dLogits.AsSpan(0, rows * VocabularySize), dDecoderIn);
        _outputDropout.Backward(dDecoderIn, dRnnOut);
        Rnn.Backward(_rnnIn.AsSpan(0, rows * e), dRnnOut, default, default, dRnnIn, default, default);
        _inputDropout.Backward(dRnnIn, dRnnIn);
        Embedding.Backward(_inputs.AsSpan(0, rows), dRnnIn);
    }

    private int StateLength(int batch) => Rnn.StateLayers * batch * Options.HiddenSize;

    private static Span<TItem> Grow<TItem>(ref TItem[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new TItem[length];
        return buffer.AsSpan(0, length);
    }
}
