using System.Numerics;
using Recur.Layers;
using Recur.Text;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// A many-to-many sequence tagger (Tx = Ty): each token's word embedding, optionally joined by the final states of a
/// bidirectional network over its characters, goes through a (bidirectional) recurrent stack, and a linear layer gives
/// the tag logits of every step; the loss is the cross-entropy of the tags, padding ignored. Parameters:
/// <c>embedding.weight</c>, <c>char_embedding.weight</c> and <c>char_rnn.*</c> (with characters), <c>rnn.*</c>,
/// <c>output.weight</c>, <c>output.bias</c>.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Tagger<T> : ITrainable<T, TaggingBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dropout<T> _inputDropout, _outputDropout;
    private readonly SoftmaxCrossEntropy<T> _loss = new() { IgnoreIndex = TaggingBatch.IgnoreTag };
    private T[] _wordEmb = [], _x = [], _xIn = [], _rnnOut = [], _outIn = [], _logits = [], _dLogits = [];
    private T[] _dOutIn = [], _dRnnOut = [], _dX = [], _dWordEmb = [];
    private T[] _charEmb = [], _charY = [], _charHN = [], _dCharY = [], _dCharHN = [], _dCharEmb = [];
    private int[] _words = [], _chars = [], _charLengths = [], _wordRows = [];
    private int _steps, _batch, _wordCount, _charSteps;
    private bool _withChars;

    /// <summary>Creates the model with zeroed parameters; call <see cref="Reset"/> to initialise them.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public Tagger(TaggerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Store = new ParameterStore<T>();
        Embedding = new Embedding<T>(Store, "embedding.", options.WordCount, options.WordEmbeddingSize);
        if (options.UseCharacters)
        {
            CharEmbedding = new Embedding<T>(Store, "char_embedding.", options.CharCount, options.CharEmbeddingSize);
            CharRnn = new Stacked<T>(Store, options.CharRecurrent, "char_rnn.");
        }
        Rnn = new Stacked<T>(Store, options.Recurrent, "rnn.");
        Output = new Linear<T>(Store, "output.", Rnn.OutputSize, options.TagCount);
        _inputDropout = new Dropout<T>(options.Dropout);
        _outputDropout = new Dropout<T>(options.Dropout);
    }

    /// <summary>The options the model was built with.</summary>
    public TaggerOptions Options { get; }

    /// <inheritdoc/>
    public ParameterStore<T> Store { get; }

    /// <summary>Word embeddings [V, E].</summary>
    public Embedding<T> Embedding { get; }

    /// <summary>Character embeddings, or null without character features.</summary>
    public Embedding<T>? CharEmbedding { get; }

    /// <summary>The bidirectional character network, or null without character features.</summary>
    public Stacked<T>? CharRnn { get; }

    /// <summary>The word network.</summary>
    public Stacked<T> Rnn { get; }

    /// <summary>The per-step projection to tag logits.</summary>
    public Linear<T> Output { get; }

    /// <summary>K.</summary>
    public int TagCount => Options.TagCount;

    /// <summary>Logits [T·B, K] of the last forward pass.</summary>
    public ReadOnlySpan<T> Logits => _logits.AsSpan(0, _steps * _batch * TagCount);

    /// <summary>Initialises every parameter as PyTorch does for each module.</summary>
    public void Reset(Rng rng, bool orthogonalRecurrent = false, double? forgetBias = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Embedding.Reset(rng);
        CharEmbedding?.Reset(rng);
        CharRnn?.Reset(rng, orthogonalRecurrent, forgetBias);
        Rnn.Reset(rng, orthogonalRecurrent, forgetBias);
        Output.Reset(rng);
    }

    /// <summary>
    /// Forward pass: tag logits of every step and the mean cross-entropy over the tagged positions (0 when the batch has
    /// no tags, as when tagging new text).
    /// </summary>
    /// <param name="batch">The sentences; with character features they must carry characters.</param>
    /// <param name="dropoutRng">Dropout and word-dropout source in training; null for evaluation.</param>
    /// <exception cref="ArgumentException">The batch lacks characters the model needs, or an id is out of range.</exception>
    public T Forward(TaggingBatch batch, Rng? dropoutRng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Options.UseCharacters && !batch.HasCharacters) throw new ArgumentException("The tagger reads characters, but the batch has none.", nameof(batch));
        int steps = batch.Steps, size = batch.Size, rows = steps * size;
        int ew = Options.WordEmbeddingSize, d = Options.InputSize, o = Rnn.OutputSize, k = TagCount;
        _steps = steps; _batch = size;
        _withChars = Options.UseCharacters;

        // Word dropout: a training token is read as <unk> with probability p.
        var words = Grow(ref _words, rows);
        batch.WordSpan.CopyTo(words);
        if (dropoutRng is not null && Options.WordDropout > 0)
            for (int t = 0; t < steps; t++)
                for (int b = 0; b < size; b++)
                    if (t < batch.Lengths[b] && dropoutRng.NextDouble() < Options.WordDropout) words[t * size + b] = Vocabulary.UnkId;

        // x⟨t⟩ = [E_w[word⟨t⟩], char features⟨t⟩]      [T·B, D], zero at padding
        var wordEmb = Grow(ref _wordEmb, rows * ew);
        Embedding.Forward(words, wordEmb);
        var x = Grow(ref _x, rows * d);
        x.Clear();
        for (int r = 0; r < rows; r++) wordEmb.Slice(r * ew, ew).CopyTo(x.Slice(r * d, ew));
        if (_withChars) CharFeatures(batch, x);

        // a⟨t⟩ = rnn(drop(x))⟨t⟩;  z⟨t⟩ = W·drop(a⟨t⟩) + b      [T·B, K]
        var xIn = Grow(ref _xIn, rows * d);
        _inputDropout.Forward(x, xIn, dropoutRng);
        var rnnOut = Grow(ref _rnnOut, rows * o);
        Rnn.Forward(steps, size, batch.LengthSpan, xIn, default, default, rnnOut, default, default, dropoutRng);
        var outIn = Grow(ref _outIn, rows * o);
        _outputDropout.Forward(rnnOut, outIn, dropoutRng);
        var logits = Grow(ref _logits, rows * k);
        Output.Forward(rows, outIn, logits);
        return _loss.Compute(rows, k, logits, batch.TagSpan, Grow(ref _dLogits, rows * k));
    }

    /// <summary>Tokens whose tag the mean loss counts.</summary>
    public int CountItems(TaggingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.TagCount;
    }

    /// <summary>Backpropagates the loss of the last <see cref="Forward"/>; gradients are added to <see cref="Store"/>.</summary>
    public void Backward()
    {
        if (_steps == 0) throw new InvalidOperationException("Backward called before Forward.");
        int rows = _steps * _batch, ew = Options.WordEmbeddingSize, d = Options.InputSize, o = Rnn.OutputSize;
        var dOutIn = Grow(ref _dOutIn, rows * o);
        Output.Backward(rows, _outIn.AsSpan(0, rows * o), _dLogits.AsSpan(0, rows * TagCount), dOutIn);
        var dRnnOut = Grow(ref _dRnnOut, rows * o);
        _outputDropout.Backward(dOutIn, dRnnOut);
        var dX = Grow(ref _dX, rows * d);
        Rnn.Backward(_xIn.AsSpan(0, rows * d), dRnnOut, default, default, dX, default, default);
        _inputDropout.Backward(dX, dX);

        // dE_w[word⟨t⟩] += dx⟨t⟩[0:E]
        var dWordEmb = Grow(ref _dWordEmb, rows * ew);
        for (int r = 0; r < rows; r++) dX.Slice(r * d, ew).CopyTo(dWordEmb.Slice(r * ew, ew));
        Embedding.Backward(_words.AsSpan(0, rows), dWordEmb);
        if (_withChars) CharFeaturesBackward(dX);
    }

    // chars [C,N]; e = E_c[chars]      [C·N, Ec]
    // (h_fwd, h_rev) = birnn(e).hN      [2, N, Hc];  x[row(n), E:E+2Hc] = [h_fwd[n], h_rev[n]]
    private void CharFeatures(TaggingBatch batch, Span<T> x)
    {
        int n = batch.WordCount, c = batch.CharSteps, ec = Options.CharEmbeddingSize, hc = Options.CharHiddenSize;
        int ew = Options.WordEmbeddingSize, d = Options.InputSize;
        _wordCount = n; _charSteps = c;
        var chars = Grow(ref _chars, c * n);
        batch.Chars.AsSpan(0, c * n).CopyTo(chars);
        batch.CharLengths.AsSpan(0, n).CopyTo(Grow(ref _charLengths, n));
        batch.WordRows.AsSpan(0, n).CopyTo(Grow(ref _wordRows, n));
        var charEmb = Grow(ref _charEmb, c * n * ec);
        CharEmbedding!.Forward(chars, charEmb);
        var hN = Grow(ref _charHN, 2 * n * hc);
        CharRnn!.Forward(c, n, _charLengths.AsSpan(0, n), charEmb, default, default, Grow(ref _charY, c * n * 2 * hc), hN, default);
        for (int w = 0; w < n; w++)
        {
            var row = x.Slice(_wordRows[w] * d + ew, 2 * hc);
            hN.Slice(w * hc, hc).CopyTo(row);
            hN.Slice((n + w) * hc, hc).CopyTo(row[hc..]);
        }
    }

    // dhN[0, n] = dx[row(n), E:E+Hc];  dhN[1, n] = dx[row(n), E+Hc:E+2Hc];  dy of the character outputs is 0
    private void CharFeaturesBackward(ReadOnlySpan<T> dX)
    {
        int n = _wordCount, c = _charSteps, ec = Options.CharEmbeddingSize, hc = Options.CharHiddenSize;
        int ew = Options.WordEmbeddingSize, d = Options.InputSize;
        var dhN = Grow(ref _dCharHN, 2 * n * hc);
        for (int w = 0; w < n; w++)
        {
            var row = dX.Slice(_wordRows[w] * d + ew, 2 * hc);
            row[..hc].CopyTo(dhN.Slice(w * hc, hc));
            row[hc..].CopyTo(dhN.Slice((n + w) * hc, hc));
        }
        var dy = Grow(ref _dCharY, c * n * 2 * hc);
        dy.Clear();
        var dCharEmb = Grow(ref _dCharEmb, c * n * ec);
        CharRnn!.Backward(_charEmb.AsSpan(0, c * n * ec), dy, dhN, default, dCharEmb, default, default);
        CharEmbedding!.Backward(_chars.AsSpan(0, c * n), dCharEmb);
    }

    private static Span<TItem> Grow<TItem>(ref TItem[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new TItem[length];
        return buffer.AsSpan(0, length);
    }
}
