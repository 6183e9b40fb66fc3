using System.Numerics;
using System.Numerics.Tensors;
using Recur.Layers;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// An encoder–decoder (Sutskever et al. 2014, Cho et al. 2014) for Tx ≠ Ty: the encoder reads the embedded source and
/// its final states (through the <see cref="Seq2SeqBridge"/> when it is bidirectional) initialise the decoder, a
/// conditional language model over the target vocabulary trained with teacher forcing:
/// P(y⟨t⟩ | y⟨&lt;t⟩, x) = softmax(W·s⟨t⟩ + b), s⟨t⟩ = rnn(E_t[y⟨t−1⟩], s⟨t−1⟩), s⟨0⟩ = bridge(encoder(x)), y⟨0⟩ = &lt;eos&gt;.
/// Parameters: <c>encoder.embedding.weight</c>, <c>encoder.rnn.*</c>, <c>bridge.*</c>, <c>decoder.embedding.weight</c>,
/// <c>decoder.rnn.*</c>, <c>decoder.output.weight</c>, <c>decoder.output.bias</c>. The loss gradient reaches the encoder
/// through the decoder's ∂L/∂s⟨0⟩, which becomes the encoder's ∂L/∂h_N (the encoder's outputs get no gradient).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Seq2Seq<T> : ITrainable<T, Seq2SeqBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dropout<T> _sourceDropout, _targetDropout, _outputDropout;
    private readonly SoftmaxCrossEntropy<T> _loss = new();
    private readonly Linear<T>[] _bridgeH = [], _bridgeC = [];
    // Encoder side.
    private int[] _sourceIds = [];
    private T[] _sourceEmbedded = [], _sourceIn = [], _encoderOut = [], _encoderH = [], _encoderC = [], _bridgeIn = [], _bridgeInC = [];
    private T[] _dSourceIn = [], _dEncoderOut = [], _dEncoderH = [], _dEncoderC = [], _dBridgeIn = [], _dBridgeZ = [];
    // Decoder side.
    private int[] _targetIds = [];
    private int[] _validRows = [], _validTargets = [];
    private T[] _decoderH0 = [], _decoderC0 = [], _targetEmbedded = [], _targetIn = [], _decoderOut = [], _validOut = [], _outputIn = [], _logits = [], _dLogits = [];
    private T[] _dOutputIn = [], _dValidOut = [], _dDecoderOut = [], _dTargetIn = [], _dDecoderH0 = [], _dDecoderC0 = [];
    private int _validCount;
    // One decoding step.
    private T[] _stepEmbedded = [], _stepOut = [];
    private int _sourceSteps, _targetSteps, _batch;

    /// <summary>Creates the model with zeroed parameters; call <see cref="Reset(Rng)"/> or <see cref="Reset(Rng, double)"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public Seq2Seq(Seq2SeqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Store = new ParameterStore<T>();
        int h = options.HiddenSize;
        SourceEmbedding = new Embedding<T>(Store, "encoder.embedding.", options.SourceVocabularySize, options.EmbeddingSize);
        Encoder = new Stacked<T>(Store, options.Encoder, "encoder.rnn.");
        if (options.Bidirectional && options.Bridge == Seq2SeqBridge.Linear)
        {
            _bridgeH = new Linear<T>[options.NumLayers];
            _bridgeC = new Linear<T>[Encoder.HasCellState ? options.NumLayers : 0];
            for (int l = 0; l < options.NumLayers; l++)
            {
                _bridgeH[l] = new Linear<T>(Store, $"bridge.h_l{l}.", 2 * h, h);
                if (Encoder.HasCellState) _bridgeC[l] = new Linear<T>(Store, $"bridge.c_l{l}.", 2 * h, h);
            }
        }
        TargetEmbedding = new Embedding<T>(Store, "decoder.embedding.", options.TargetVocabularySize, options.EmbeddingSize);
        Decoder = new Stacked<T>(Store, options.Decoder, "decoder.rnn.");
        Output = new Linear<T>(Store, "decoder.output.", h, options.TargetVocabularySize);
        _sourceDropout = new Dropout<T>(options.Dropout);
        _targetDropout = new Dropout<T>(options.Dropout);
        _outputDropout = new Dropout<T>(options.Dropout);
    }

    /// <summary>The options the model was built with.</summary>
    public Seq2SeqOptions Options { get; }

    /// <summary>All parameters and their gradients.</summary>
    public ParameterStore<T> Store { get; }

    /// <summary>Source token embeddings.</summary>
    public Embedding<T> SourceEmbedding { get; }

    /// <summary>The encoder's recurrent stack.</summary>
    public Stacked<T> Encoder { get; }

    /// <summary>The bridge's maps for h, one per layer (empty unless the encoder is bidirectional with a linear bridge).</summary>
    public IReadOnlyList<Linear<T>> BridgeH => _bridgeH;

    /// <summary>The bridge's maps for c (LSTM only), one per layer, or empty.</summary>
    public IReadOnlyList<Linear<T>> BridgeC => _bridgeC;

    /// <summary>Target token embeddings (the decoder's input).</summary>
    public Embedding<T> TargetEmbedding { get; }

    /// <summary>The decoder's recurrent stack.</summary>
    public Stacked<T> Decoder { get; }

    /// <summary>The projection of decoder states to target-vocabulary logits.</summary>
    public Linear<T> Output { get; }

    /// <summary>V_t.</summary>
    public int TargetVocabularySize => Options.TargetVocabularySize;

    /// <summary>Whether decoder states include an LSTM cell state c.</summary>
    public bool HasCellState => Decoder.HasCellState;

    /// <summary>
    /// Logits [N, V_t] of the last <see cref="Forward(Seq2SeqBatch, Rng)"/>, one row per target that is not padding
    /// (N = Σ_b (Ty_b + 1)), in time-major order: step t of pair b before step t of pair b + 1 before step t + 1.
    /// </summary>
    public ReadOnlySpan<T> Logits => _logits.AsSpan(0, _validCount * TargetVocabularySize);

    /// <summary>Number of values in a decoder state for <paramref name="batch"/> sequences: [NumLayers, B, H].</summary>
    public int StateLength(int batch) => Options.NumLayers * batch * Options.HiddenSize;

    /// <summary>Initialises every parameter as PyTorch does for each module (embeddings N(0, 1), recurrent and linear
    /// layers uniform in ±1/√fan).</summary>
    public void Reset(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        SourceEmbedding.Reset(rng);
        Encoder.Reset(rng);
        foreach (var linear in _bridgeH) linear.Reset(rng);
        foreach (var linear in _bridgeC) linear.Reset(rng);
        TargetEmbedding.Reset(rng);
        Decoder.Reset(rng);
        Output.Reset(rng);
    }

    /// <summary>Initialises every parameter uniformly in [−R, R), in the order of <see cref="Store"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="initRange"/> is not positive and finite.</exception>
    public void Reset(Rng rng, double initRange)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(initRange > 0) || double.IsInfinity(initRange))
            throw new ArgumentException($"The initialisation range must be positive and finite, got {initRange}.", nameof(initRange));
        Initialization.Uniform(Store.Values, rng, initRange);
    }

    /// <summary>Teacher-forced forward pass: the mean cross-entropy over every target token of the batch (&lt;eos&gt; included).</summary>
    /// <param name="batch">The pairs.</param>
    /// <param name="dropoutRng">Dropout source in training; null for evaluation.</param>
    public T Forward(Seq2SeqBatch batch, Rng? dropoutRng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int b = batch.Size, ty = batch.TargetSteps, rows = ty * b, e = Options.EmbeddingSize, h = Options.HiddenSize, v = TargetVocabularySize;
        EncodeCore(batch.SourceSteps, b, batch.SourceSpan, batch.SourceLengthSpan, dropoutRng);
        _targetSteps = ty;
        var ids = Grow(ref _targetIds, rows);
        batch.TargetInputSpan.CopyTo(ids);
        var embedded = Grow(ref _targetEmbedded, rows * e);
        var input = Grow(ref _targetIn, rows * e);
        var output = Grow(ref _decoderOut, rows * h);
        int n = StateLength(b);

        // s⟨t⟩ = rnn(drop(E_t[y⟨t−1⟩]), s⟨t−1⟩), s⟨0⟩ = bridge(h_N);  z⟨t⟩ = W·drop(s⟨t⟩) + b
        TargetEmbedding.Forward(ids, embedded);
        _targetDropout.Forward(embedded, input, dropoutRng);
        Decoder.Forward(ty, b, batch.TargetLengthSpan, input, _decoderH0.AsSpan(0, n), HasCellState ? _decoderC0.AsSpan(0, n) : default,
            output, default, default, dropoutRng);

        // Only the N rows that are not padding go through the output layer, the costliest part (N·H·V_t).
        var lengths = batch.TargetLengthSpan;
        var targets = batch.TargetSpan;
        var validRows = Grow(ref _validRows, rows);
        var validTargets = Grow(ref _validTargets, rows);
        int count = 0;
        for (int t = 0; t < ty; t++)
            for (int k = 0; k < b; k++)
            {
                if (t >= lengths[k]) continue;
                validRows[count] = t * b + k;
                validTargets[count++] = targets[t * b + k];
            }
        _validCount = count;
        var valid = Grow(ref _validOut, count * h);
        for (int r = 0; r < count; r++) output.Slice(validRows[r] * h, h).CopyTo(valid.Slice(r * h, h));
        var outputIn = Grow(ref _outputIn, count * h);
        var logits = Grow(ref _logits, count * v);
        _outputDropout.Forward(valid, outputIn, dropoutRng);
        Output.Forward(count, outputIn, logits);
        return _loss.Compute(count, v, logits, validTargets[..count], Grow(ref _dLogits, count * v));
    }

    /// <summary>Targets the mean loss counts: every target token and each pair's &lt;eos&gt;.</summary>
    public int CountItems(Seq2SeqBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.TargetCount;
    }

    /// <summary>Backpropagates the loss of the last <see cref="Forward(Seq2SeqBatch, Rng)"/> through decoder, bridge and
    /// encoder; gradients are added to <see cref="Store"/>.</summary>
    public void Backward()
    {
        if (_targetSteps == 0) throw new InvalidOperationException("Backward called before Forward.");
        int b = _batch, rowsY = _targetSteps * b, rowsX = _sourceSteps * b, e = Options.EmbeddingSize, h = Options.HiddenSize;
        int n = StateLength(b), encoderStates = Encoder.StateLayers * b * h;
        int count = _validCount;
        var dOutputIn = Grow(ref _dOutputIn, count * h);
        var dValid = Grow(ref _dValidOut, count * h);
        var dDecoderOut = Grow(ref _dDecoderOut, rowsY * h);
        var dTargetIn = Grow(ref _dTargetIn, rowsY * e);
        var dH0 = Grow(ref _dDecoderH0, n);
        var dC0 = HasCellState ? Grow(ref _dDecoderC0, n) : default;

        // dW_out += dzᵀ·s;  ds = dz·W_out, scattered back to the valid rows (padding rows get 0); then through the
        // decoder to ∂L/∂s⟨0⟩ and the target embeddings.
        Output.Backward(count, _outputIn.AsSpan(0, count * h), _dLogits.AsSpan(0, count * TargetVocabularySize), dOutputIn);
        _outputDropout.Backward(dOutputIn, dValid);
        dDecoderOut.Clear();
        for (int r = 0; r < count; r++) dValid.Slice(r * h, h).CopyTo(dDecoderOut.Slice(_validRows[r] * h, h));
        Decoder.Backward(_targetIn.AsSpan(0, rowsY * e), dDecoderOut, default, default, dTargetIn, dH0, dC0);
        _targetDropout.Backward(dTargetIn, dTargetIn);
        TargetEmbedding.Backward(_targetIds.AsSpan(0, rowsY), dTargetIn);

        // ∂L/∂h_N of the encoder from ∂L/∂s⟨0⟩ through the bridge; its outputs y get no gradient.
        var dEncoderH = Grow(ref _dEncoderH, encoderStates);
        var dEncoderC = HasCellState ? Grow(ref _dEncoderC, encoderStates) : default;
        BridgeBackward(b, dH0, dEncoderH, _bridgeIn, _decoderH0, _bridgeH);
        if (HasCellState) BridgeBackward(b, dC0, dEncoderC, _bridgeInC, _decoderC0, _bridgeC);
        var dEncoderOut = Grow(ref _dEncoderOut, rowsX * Encoder.OutputSize);
        dEncoderOut.Clear();
        var dSourceIn = Grow(ref _dSourceIn, rowsX * e);
        Encoder.Backward(_sourceIn.AsSpan(0, rowsX * e), dEncoderOut, dEncoderH, dEncoderC, dSourceIn, default, default);
        _sourceDropout.Backward(dSourceIn, dSourceIn);
        SourceEmbedding.Backward(_sourceIds.AsSpan(0, rowsX), dSourceIn);
    }

    /// <summary>Runs the encoder and the bridge without dropout: the decoder's initial state for a batch of sources.</summary>
    /// <param name="steps">Tx, the longest source.</param>
    /// <param name="batch">B.</param>
    /// <param name="sources">[Tx·B] source ids, time-major.</param>
    /// <param name="lengths">[B] source lengths, each in 1..Tx.</param>
    /// <param name="h0">[NumLayers, B, H], written.</param>
    /// <param name="c0">[NumLayers, B, H] for LSTMs, written; empty otherwise.</param>
    /// <exception cref="ArgumentException">A span is too short or a length is out of range.</exception>
    public void Encode(int steps, int batch, ReadOnlySpan<int> sources, ReadOnlySpan<int> lengths, Span<T> h0, Span<T> c0)
    {
        int n = StateLength(batch);
        if (h0.Length < n) throw new ArgumentException($"Expected room for {n} hidden-state values.", nameof(h0));
        if (HasCellState && c0.Length < n) throw new ArgumentException($"Expected room for {n} cell-state values.", nameof(c0));
        EncodeCore(steps, batch, sources, lengths, null);
        _decoderH0.AsSpan(0, n).CopyTo(h0);
        if (HasCellState) _decoderC0.AsSpan(0, n).CopyTo(c0);
    }

    /// <summary>One decoder step for a batch of sequences: the logits of the next token given the previous one and the state.</summary>
    /// <param name="batch">B.</param>
    /// <param name="tokens">[B] the previous tokens (&lt;eos&gt; at the first step).</param>
    /// <param name="h">[NumLayers, B, H] the current state.</param>
    /// <param name="c">[NumLayers, B, H] the current cell state (LSTM), or empty.</param>
    /// <param name="hNext">[NumLayers, B, H] the next state, written; must not overlap <paramref name="h"/>.</param>
    /// <param name="cNext">[NumLayers, B, H] the next cell state (LSTM), written, or empty.</param>
    /// <param name="logits">[B, V_t], written.</param>
    /// <exception cref="ArgumentException">A span is too short or a token is out of range.</exception>
    public void DecodeStep(int batch, ReadOnlySpan<int> tokens, ReadOnlySpan<T> h, ReadOnlySpan<T> c, Span<T> hNext, Span<T> cNext, Span<T> logits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int n = StateLength(batch), e = Options.EmbeddingSize, hs = Options.HiddenSize;
        if (tokens.Length < batch) throw new ArgumentException($"Expected {batch} tokens.", nameof(tokens));
        if (h.Length < n || hNext.Length < n) throw new ArgumentException($"Expected states of {n} values.", nameof(h));
        if (HasCellState && (c.Length < n || cNext.Length < n)) throw new ArgumentException($"Expected cell states of {n} values.", nameof(c));
        if (logits.Length < batch * TargetVocabularySize) throw new ArgumentException($"Expected room for {batch * TargetVocabularySize} logits.", nameof(logits));
        var embedded = Grow(ref _stepEmbedded, batch * e);
        var output = Grow(ref _stepOut, batch * hs);
        TargetEmbedding.Forward(tokens[..batch], embedded);
        Decoder.Forward(1, batch, default, embedded, h[..n], HasCellState ? c[..n] : default, output, hNext[..n],
            HasCellState ? cNext[..n] : default, null);
        Output.Forward(batch, output, logits);
    }

    private void EncodeCore(int steps, int batch, ReadOnlySpan<int> sources, ReadOnlySpan<int> lengths, Rng? dropoutRng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int rows = steps * batch, e = Options.EmbeddingSize, h = Options.HiddenSize;
        if (sources.Length < rows) throw new ArgumentException($"Expected {rows} source ids, got {sources.Length}.", nameof(sources));
        if (lengths.Length != batch) throw new ArgumentException($"Expected {batch} source lengths, got {lengths.Length}.", nameof(lengths));
        for (int b = 0; b < batch; b++)
            if (lengths[b] < 1 || lengths[b] > steps)
                throw new ArgumentException($"Source length {lengths[b]} of sequence {b} is outside 1..{steps}.", nameof(lengths));
        _sourceSteps = steps;
        _batch = batch;
        var ids = Grow(ref _sourceIds, rows);
        sources[..rows].CopyTo(ids);
        if (Options.ReverseSource)
        {
            // Each sequence reversed within its own length: x'⟨t⟩ = x⟨len−1−t⟩; padding stays where it is.
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < lengths[b]; t++) ids[t * batch + b] = sources[(lengths[b] - 1 - t) * batch + b];
        }
        var embedded = Grow(ref _sourceEmbedded, rows * e);
        var input = Grow(ref _sourceIn, rows * e);
        var output = Grow(ref _encoderOut, rows * Encoder.OutputSize);
        int encoderStates = Encoder.StateLayers * batch * h;
        var hN = Grow(ref _encoderH, encoderStates);
        var cN = HasCellState ? Grow(ref _encoderC, encoderStates) : default;

        // a⟨t⟩ = rnn(drop(E_s[x⟨t⟩]), a⟨t−1⟩) from zeros; h_N is each sequence's state at its own length.
        SourceEmbedding.Forward(ids, embedded);
        _sourceDropout.Forward(embedded, input, dropoutRng);
        Encoder.Forward(steps, batch, lengths, input, default, default, output, hN, cN, dropoutRng);
        int n = StateLength(batch);
        BridgeForward(batch, hN, Grow(ref _decoderH0, n), ref _bridgeIn, _bridgeH);
        if (HasCellState) BridgeForward(batch, cN, Grow(ref _decoderC0, n), ref _bridgeInC, _bridgeC);
    }

    // Encoder states [L·D, B, H] (l0 forward, l0 reverse, l1 forward, …) → decoder states [L, B, H].
    // D = 1: s0_l = hN_l.  Sum: s0_l = hN_2l + hN_2l+1.  Linear: u_l = [hN_2l; hN_2l+1] [B,2H];  s0_l = tanh(u_l·W_lᵀ + b_l).
    private void BridgeForward(int batch, ReadOnlySpan<T> hN, Span<T> s0, ref T[] inputs, Linear<T>[] maps)
    {
        int h = Options.HiddenSize, part = batch * h, layers = Options.NumLayers;
        if (!Options.Bidirectional)
        {
            hN[..(layers * part)].CopyTo(s0);
            return;
        }
        if (Options.Bridge == Seq2SeqBridge.Sum)
        {
            for (int l = 0; l < layers; l++)
                TensorPrimitives.Add(hN.Slice(2 * l * part, part), hN.Slice((2 * l + 1) * part, part), s0.Slice(l * part, part));
            return;
        }
        var u = Grow(ref inputs, layers * 2 * part);
        for (int l = 0; l < layers; l++)
        {
            var ul = u.Slice(l * 2 * part, 2 * part);
            for (int b = 0; b < batch; b++)
            {
                hN.Slice(2 * l * part + b * h, h).CopyTo(ul.Slice(b * 2 * h, h));
                hN.Slice((2 * l + 1) * part + b * h, h).CopyTo(ul.Slice(b * 2 * h + h, h));
            }
            var sl = s0.Slice(l * part, part);
            maps[l].Forward(batch, ul, sl);
            TensorPrimitives.Tanh(sl, sl);
        }
    }

    // D = 1: dhN_l = ds0_l.  Sum: dhN_2l = dhN_2l+1 = ds0_l.
    // Linear: dz = ds0⊙(1 − s0²);  dW_l += dzᵀ·u_l;  db_l += Σ_b dz;  du = dz·W_l, split back into the two directions.
    private void BridgeBackward(int batch, ReadOnlySpan<T> dS0, Span<T> dhN, T[] inputs, T[] s0, Linear<T>[] maps)
    {
        int h = Options.HiddenSize, part = batch * h, layers = Options.NumLayers;
        if (!Options.Bidirectional)
        {
            dS0[..(layers * part)].CopyTo(dhN);
            return;
        }
        if (Options.Bridge == Seq2SeqBridge.Sum)
        {
            for (int l = 0; l < layers; l++)
            {
                dS0.Slice(l * part, part).CopyTo(dhN.Slice(2 * l * part, part));
                dS0.Slice(l * part, part).CopyTo(dhN.Slice((2 * l + 1) * part, part));
            }
            return;
        }
        var dz = Grow(ref _dBridgeZ, part);
        var du = Grow(ref _dBridgeIn, 2 * part);
        for (int l = 0; l < layers; l++)
        {
            var sl = s0.AsSpan(l * part, part);
            var ds = dS0.Slice(l * part, part);
            for (int i = 0; i < part; i++) dz[i] = ds[i] * (T.One - sl[i] * sl[i]);
            maps[l].Backward(batch, inputs.AsSpan(l * 2 * part, 2 * part), dz, du);
            for (int b = 0; b < batch; b++)
            {
                du.Slice(b * 2 * h, h).CopyTo(dhN.Slice(2 * l * part + b * h, h));
                du.Slice(b * 2 * h + h, h).CopyTo(dhN.Slice((2 * l + 1) * part + b * h, h));
            }
        }
    }

    private static Span<TItem> Grow<TItem>(ref TItem[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new TItem[length];
        return buffer.AsSpan(0, length);
    }
}
