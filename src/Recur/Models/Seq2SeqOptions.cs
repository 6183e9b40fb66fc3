using Recur.Cells;
using Recur.Layers;

namespace Recur.Models;

/// <summary>
/// Shape of a <see cref="Seq2Seq{T}"/>: source embedding → encoder (stacked, optionally bidirectional) → bridge →
/// decoder (target embedding → stacked, one-directional, same layers and width) → linear → softmax over the target
/// vocabulary.
/// </summary>
/// <param name="SourceVocabularySize">V_s, the source vocabulary (with &lt;unk&gt; and &lt;eos&gt;).</param>
/// <param name="TargetVocabularySize">V_t, the target vocabulary (with &lt;unk&gt; and &lt;eos&gt;).</param>
public sealed record Seq2SeqOptions(int SourceVocabularySize, int TargetVocabularySize)
{
    /// <summary>Cell form of encoder and decoder (default LSTM).</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>Width of the source and target embeddings (default 64).</summary>
    public int EmbeddingSize { get; init; } = 64;

    /// <summary>H, the state width of every encoder and decoder layer (default 128).</summary>
    public int HiddenSize { get; init; } = 128;

    /// <summary>Layers of the encoder and of the decoder (default 1).</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Run the encoder in both directions (default false).</summary>
    public bool Bidirectional { get; init; }

    /// <summary>How a bidirectional encoder's states initialise the decoder (default <see cref="Seq2SeqBridge.Linear"/>).</summary>
    public Seq2SeqBridge Bridge { get; init; } = Seq2SeqBridge.Linear;

    /// <summary>Feed each source sequence to the encoder last token first, as Sutskever et al. 2014 (default false).</summary>
    public bool ReverseSource { get; init; }

    /// <summary>Dropout on both embeddings, between stacked layers and before the output layer, in training (default 0).</summary>
    public double Dropout { get; init; }

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A size is not positive, a vocabulary has fewer than 2 tokens, the bridge is
    /// undefined or the dropout is outside [0, 1).</exception>
    public void Validate()
    {
        if (SourceVocabularySize < 2)
            throw new ArgumentException($"Source vocabulary size must be at least 2, got {SourceVocabularySize}.", nameof(SourceVocabularySize));
        if (TargetVocabularySize < 2)
            throw new ArgumentException($"Target vocabulary size must be at least 2, got {TargetVocabularySize}.", nameof(TargetVocabularySize));
        if (EmbeddingSize <= 0) throw new ArgumentException($"Embedding size must be positive, got {EmbeddingSize}.", nameof(EmbeddingSize));
        if (!Enum.IsDefined(Bridge)) throw new ArgumentException($"Unknown bridge {(int)Bridge}.", nameof(Bridge));
        if (!Enum.IsDefined(Cell)) throw new ArgumentException($"Unknown cell {(int)Cell}.", nameof(Cell));
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"Dropout must be in [0, 1), got {Dropout}.", nameof(Dropout));
        Encoder.Validate();
    }

    /// <summary>The encoder's recurrent options: input E, width H, <see cref="NumLayers"/>, <see cref="Bidirectional"/>.</summary>
    public RecurrentOptions Encoder => new(Cell, EmbeddingSize, HiddenSize)
    {
        NumLayers = NumLayers, Bidirectional = Bidirectional, Dropout = Dropout,
    };

    /// <summary>The decoder's recurrent options: input E, width H, <see cref="NumLayers"/>, one direction.</summary>
    public RecurrentOptions Decoder => new(Cell, EmbeddingSize, HiddenSize) { NumLayers = NumLayers, Dropout = Dropout };
}
