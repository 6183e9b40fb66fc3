using Recur.Cells;

namespace Recur.Models;

/// <summary>Shape of a <see cref="LanguageModel{T}"/>: embedding → stacked recurrent layers → linear → softmax.</summary>
/// <param name="VocabularySize">V.</param>
public sealed record LanguageModelOptions(int VocabularySize)
{
    /// <summary>Cell form (default LSTM).</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>Embedding width (default 64).</summary>
    public int EmbeddingSize { get; init; } = 64;

    /// <summary>Hidden width of every layer (default 128).</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Number of stacked layers (default 1).</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Dropout on the embeddings, between layers and before the output layer, as Zaremba et al. (default 0).</summary>
    public double Dropout { get; init; }

    /// <summary>Variational dropout on the recurrent connection (default 0).</summary>
    public double RecurrentDropout { get; init; }

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A size is not positive or a probability is outside [0, 1).</exception>
    public void Validate()
    {
        if (VocabularySize < 2) throw new ArgumentException($"Vocabulary size must be at least 2, got {VocabularySize}.", nameof(VocabularySize));
        if (EmbeddingSize <= 0) throw new ArgumentException($"Embedding size must be positive, got {EmbeddingSize}.", nameof(EmbeddingSize));
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"Dropout must be in [0, 1), got {Dropout}.", nameof(Dropout));
        Recurrent.Validate();
    }

    /// <summary>The options of the recurrent stack.</summary>
    public Layers.RecurrentOptions Recurrent => new(Cell, EmbeddingSize, HiddenSize)
    {
        NumLayers = NumLayers, Dropout = Dropout, RecurrentDropout = RecurrentDropout,
    };
}
