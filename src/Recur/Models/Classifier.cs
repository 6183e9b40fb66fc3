using System.Numerics;
using Recur.Layers;
using Recur.Training;

namespace Recur.Models;

/// <summary>
/// A many-to-one text classifier: embedded tokens go through a (bidirectional) recurrent encoder, whose outputs are
/// pooled over each text's valid steps (final state, mean or max), and a linear layer gives the class logits; the loss
/// is the (optionally class-weighted) cross-entropy. Parameters: <c>embedding.weight</c>, <c>rnn.*</c>,
/// <c>output.weight</c>, <c>output.bias</c>.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Classifier<T> : ITrainable<T, ClassificationBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dropout<T> _inputDropout, _outputDropout;
    private readonly SoftmaxCrossEntropy<T> _loss;
    private T[] _emb = [], _xIn = [], _y = [], _hN = [], _pooled = [], _pooledIn = [], _logits = [], _dLogits = [];
    private T[] _dPooledIn = [], _dPooled = [], _dy = [], _dhN = [], _dX = [];
    private int[] _tokens = [], _lengths = [], _argmax = [];
    private int _steps, _batch;

    /// <summary>Creates the model with zeroed parameters; call <see cref="Reset"/> to initialise them.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public Classifier(ClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Store = new ParameterStore<T>();
        Embedding = new Embedding<T>(Store, "embedding.", options.VocabularySize, options.EmbeddingSize);
        Rnn = new Stacked<T>(Store, options.Recurrent, "rnn.");
        Output = new Linear<T>(Store, "output.", options.FeatureSize, options.ClassCount);
        _inputDropout = new Dropout<T>(options.Dropout);
        _outputDropout = new Dropout<T>(options.Dropout);
        _loss = new SoftmaxCrossEntropy<T>
        {
            IgnoreIndex = ClassificationBatch.IgnoreLabel,
            ClassWeights = options.ClassWeights is double[] w ? w.Select(T.CreateChecked).ToArray() : default(ReadOnlyMemory<T>),
        };
    }

    /// <summary>The options the model was built with.</summary>
    public ClassifierOptions Options { get; }

    /// <inheritdoc/>
    public ParameterStore<T> Store { get; }

    /// <summary>Token embeddings [V, E].</summary>
    public Embedding<T> Embedding { get; }

    /// <summary>The encoder.</summary>
    public Stacked<T> Rnn { get; }

    /// <summary>The projection of the pooled vector to class logits.</summary>
    public Linear<T> Output { get; }

    /// <summary>K.</summary>
    public int ClassCount => Options.ClassCount;

    /// <summary>Logits [B, K] of the last forward pass.</summary>
    public ReadOnlySpan<T> Logits => _logits.AsSpan(0, _batch * ClassCount);

    /// <summary>Initialises every parameter as PyTorch does for each module.</summary>
    public void Reset(Rng rng, bool orthogonalRecurrent = false, double? forgetBias = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Embedding.Reset(rng);
        Rnn.Reset(rng, orthogonalRecurrent, forgetBias);
        Output.Reset(rng);
    }

    /// <summary>Forward pass: class logits of every text and the mean (class-weighted) cross-entropy over the labelled ones.</summary>
    /// <param name="batch">The texts.</param>
    /// <param name="dropoutRng">Dropout source in training; null for evaluation.</param>
    /// <returns>The loss; 0 when no text is labelled.</returns>
    public T Forward(ClassificationBatch batch, Rng? dropoutRng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int steps = batch.Steps, size = batch.Size, rows = steps * size;
        int e = Options.EmbeddingSize, o = Rnn.OutputSize, f = Options.FeatureSize, k = ClassCount;
        _steps = steps; _batch = size;
        var tokens = Grow(ref _tokens, rows);
        batch.TokenSpan.CopyTo(tokens);
        var lengths = Grow(ref _lengths, size);
        batch.LengthSpan.CopyTo(lengths);

        // e⟨t⟩ = E[x⟨t⟩];  a = rnn(drop(e))      [T·B, O], hN [L·dirs, B, H]
        var emb = Grow(ref _emb, rows * e);
        Embedding.Forward(tokens, emb);
        var xIn = Grow(ref _xIn, rows * e);
        _inputDropout.Forward(emb, xIn, dropoutRng);
        var y = Grow(ref _y, rows * o);
        var hN = Grow(ref _hN, Rnn.StateLayers * size * Options.HiddenSize);
        Rnn.Forward(steps, size, lengths, xIn, default, default, y, hN, default, dropoutRng);

        // p = pool(a) [B, F];  z = W·drop(p) + b      [B, K]
        var pooled = Grow(ref _pooled, size * f);
        switch (Options.Pooling)
        {
            case Pooling.Last: LastStates(hN, size, pooled); break;
            case Pooling.Mean: SequencePooling.MeanForward<T>(steps, size, o, lengths, y, pooled); break;
            default: SequencePooling.MaxForward<T>(steps, size, o, lengths, y, pooled, Grow(ref _argmax, size * o)); break;
        }
        var pooledIn = Grow(ref _pooledIn, size * f);
        _outputDropout.Forward(pooled, pooledIn, dropoutRng);
        var logits = Grow(ref _logits, size * k);
        Output.Forward(size, pooledIn, logits);
        return _loss.Compute(size, k, logits, batch.LabelSpan, Grow(ref _dLogits, size * k));
    }

    /// <summary>Texts whose label counts in the loss.</summary>
    public int CountItems(ClassificationBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.LabelCount;
    }

    /// <summary>Backpropagates the loss of the last <see cref="Forward"/>; gradients are added to <see cref="Store"/>.</summary>
    public void Backward()
    {
        if (_steps == 0) throw new InvalidOperationException("Backward called before Forward.");
        int steps = _steps, size = _batch, rows = steps * size;
        int e = Options.EmbeddingSize, o = Rnn.OutputSize, f = Options.FeatureSize;
        var dPooledIn = Grow(ref _dPooledIn, size * f);
        Output.Backward(size, _pooledIn.AsSpan(0, size * f), _dLogits.AsSpan(0, size * ClassCount), dPooledIn);
        var dPooled = Grow(ref _dPooled, size * f);
        _outputDropout.Backward(dPooledIn, dPooled);

        var dy = Grow(ref _dy, rows * o);
        dy.Clear();
        Span<T> dhN = default;
        var lengths = _lengths.AsSpan(0, size);
        switch (Options.Pooling)
        {
            case Pooling.Last:
                dhN = Grow(ref _dhN, Rnn.StateLayers * size * Options.HiddenSize);
                LastStatesBackward(dPooled, size, dhN);
                break;
            case Pooling.Mean: SequencePooling.MeanBackward<T>(steps, size, o, lengths, dPooled, dy); break;
            default: SequencePooling.MaxBackward<T>(steps, size, o, _argmax.AsSpan(0, size * o), dPooled, dy); break;
        }
        var dX = Grow(ref _dX, rows * e);
        Rnn.Backward(_xIn.AsSpan(0, rows * e), dy, dhN, default, dX, default, default);
        _inputDropout.Backward(dX, dX);
        Embedding.Backward(_tokens.AsSpan(0, rows), dX);
    }

    // p[b, d·H:(d+1)·H] = hN[(L−1)·dirs + d, b]: the last layer's final state of each direction
    private void LastStates(ReadOnlySpan<T> hN, int size, Span<T> pooled)
    {
        int h = Options.HiddenSize, dirs = Rnn.Directions, first = (Options.NumLayers - 1) * dirs, f = Options.FeatureSize;
        for (int d = 0; d < dirs; d++)
            for (int b = 0; b < size; b++)
                hN.Slice(((first + d) * size + b) * h, h).CopyTo(pooled.Slice(b * f + d * h, h));
    }

    // dhN[(L−1)·dirs + d, b] = dp[b, d·H:(d+1)·H]; the other layers' rows 0
    private void LastStatesBackward(ReadOnlySpan<T> dPooled, int size, Span<T> dhN)
    {
        int h = Options.HiddenSize, dirs = Rnn.Directions, first = (Options.NumLayers - 1) * dirs, f = Options.FeatureSize;
        dhN.Clear();
        for (int d = 0; d < dirs; d++)
            for (int b = 0; b < size; b++)
                dPooled.Slice(b * f + d * h, h).CopyTo(dhN.Slice(((first + d) * size + b) * h, h));
    }

    private static Span<TItem> Grow<TItem>(ref TItem[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new TItem[length];
        return buffer.AsSpan(0, length);
    }
}
