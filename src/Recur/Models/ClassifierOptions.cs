using Recur.Cells;
using Recur.Layers;

namespace Recur.Models;

/// <summary>Shape of a <see cref="Classifier{T}"/>: embedding → (bidirectional) recurrent encoder → pooling → linear → softmax.</summary>
/// <param name="VocabularySize">V, token vocabulary size (specials included).</param>
/// <param name="ClassCount">K, the number of classes (≥ 2).</param>
public sealed record ClassifierOptions(int VocabularySize, int ClassCount)
{
    /// <summary>Cell form (default LSTM).</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>Embedding width (default 100).</summary>
    public int EmbeddingSize { get; init; } = 100;

    /// <summary>State width of each direction (default 128).</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Stacked layers (default 1).</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Run the encoder in both directions (default true).</summary>
    public bool Bidirectional { get; init; } = true;

    /// <summary>How the outputs of a sequence become one vector (default <see cref="Layers.Pooling.Last"/>).</summary>
    public Pooling Pooling { get; init; } = Pooling.Last;

    /// <summary>Dropout on the embeddings, between layers and on the pooled vector, in training (default 0).</summary>
    public double Dropout { get; init; }

    /// <summary>Weight of each class in the loss [K] (PyTorch's weighted mean), or null (default) for 1 each.</summary>
    public double[]? ClassWeights { get; init; }

    /// <summary>Width of the pooled vector: H per direction.</summary>
    public int FeatureSize => HiddenSize * (Bidirectional ? 2 : 1);

    /// <summary>The options of the encoder.</summary>
    public RecurrentOptions Recurrent => new(Cell, EmbeddingSize, HiddenSize)
    {
        NumLayers = NumLayers, Bidirectional = Bidirectional, Dropout = Dropout,
    };

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A size is out of range, a probability outside [0, 1), or a class weight negative, not finite, or of the wrong count.</exception>
    public void Validate()
    {
        if (VocabularySize < 2) throw new ArgumentException($"The vocabulary needs at least 2 entries, got {VocabularySize}.", nameof(VocabularySize));
        if (ClassCount < 2) throw new ArgumentException($"A classifier needs at least 2 classes, got {ClassCount}.", nameof(ClassCount));
        if (EmbeddingSize <= 0) throw new ArgumentException($"The embedding size must be positive, got {EmbeddingSize}.", nameof(EmbeddingSize));
        if (Pooling is not (Pooling.Last or Pooling.Mean or Pooling.Max)) throw new ArgumentException($"Unknown pooling {(int)Pooling}.", nameof(Pooling));
        if (ClassWeights is double[] w)
        {
            if (w.Length != ClassCount) throw new ArgumentException($"{w.Length} class weights for {ClassCount} classes.", nameof(ClassWeights));
            foreach (double v in w)
                if (!(v >= 0) || double.IsInfinity(v)) throw new ArgumentException($"Class weights must be finite and ≥ 0, got {v}.", nameof(ClassWeights));
            if (w.Sum() <= 0) throw new ArgumentException("At least one class weight must be positive.", nameof(ClassWeights));
        }
        Recurrent.Validate();
    }
}
