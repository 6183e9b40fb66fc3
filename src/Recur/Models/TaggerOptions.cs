using Recur.Cells;
using Recur.Layers;

namespace Recur.Models;

/// <summary>
/// Shape of a <see cref="Tagger{T}"/>: word embedding, optional character features, a (bidirectional) recurrent stack and
/// a linear layer per step.
/// </summary>
/// <param name="WordCount">Word vocabulary size V (specials included).</param>
/// <param name="TagCount">K, the number of tags.</param>
public sealed record TaggerOptions(int WordCount, int TagCount)
{
    /// <summary>Character vocabulary size; 0 (default) for no character features.</summary>
    public int CharCount { get; init; }

    /// <summary>Cell form of the word and character networks (default LSTM).</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>Word embedding width (default 100).</summary>
    public int WordEmbeddingSize { get; init; } = 100;

    /// <summary>Character embedding width (default 30).</summary>
    public int CharEmbeddingSize { get; init; } = 30;

    /// <summary>State width of each direction of the character network (default 50): a word's feature is 2× this.</summary>
    public int CharHiddenSize { get; init; } = 50;

    /// <summary>
    /// The most characters read from a word (default 20): a longer word keeps its first ⌈n/2⌉ and last ⌊n/2⌋, so that
    /// both its prefix and its suffix are seen.
    /// </summary>
    public int MaxWordChars { get; init; } = 20;

    /// <summary>State width of each direction of the word network (default 100).</summary>
    public int HiddenSize { get; init; } = 100;

    /// <summary>Stacked layers of the word network (default 1).</summary>
    public int NumLayers { get; init; } = 1;

    /// <summary>Run the word network in both directions (default true).</summary>
    public bool Bidirectional { get; init; } = true;

    /// <summary>Dropout on the word network's input, between its layers and on its output, in training (default 0).</summary>
    public double Dropout { get; init; }

    /// <summary>Probability that a training token is read as &lt;unk&gt; (default 0), so that the unknown word's vector is learnt.</summary>
    public double WordDropout { get; init; }

    /// <summary>Whether the tagger has character features.</summary>
    public bool UseCharacters => CharCount > 0;

    /// <summary>Width of the word network's input: the word embedding and, with characters, 2·CharHiddenSize.</summary>
    public int InputSize => WordEmbeddingSize + (UseCharacters ? 2 * CharHiddenSize : 0);

    /// <summary>The options of the word network.</summary>
    public RecurrentOptions Recurrent => new(Cell, InputSize, HiddenSize)
    {
        NumLayers = NumLayers, Bidirectional = Bidirectional, Dropout = Dropout,
    };

    /// <summary>The options of the character network: one bidirectional layer.</summary>
    public RecurrentOptions CharRecurrent => new(Cell, CharEmbeddingSize, CharHiddenSize) { Bidirectional = true };

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A size is out of range or a probability is outside [0, 1).</exception>
    public void Validate()
    {
        if (WordCount < 2) throw new ArgumentException($"The word vocabulary needs at least 2 entries, got {WordCount}.", nameof(WordCount));
        if (TagCount < 1) throw new ArgumentException($"There must be at least one tag, got {TagCount}.", nameof(TagCount));
        if (CharCount < 0) throw new ArgumentException($"The character vocabulary size must be ≥ 0, got {CharCount}.", nameof(CharCount));
        if (WordEmbeddingSize <= 0) throw new ArgumentException($"The word embedding size must be positive, got {WordEmbeddingSize}.", nameof(WordEmbeddingSize));
        if (UseCharacters)
        {
            if (CharEmbeddingSize <= 0) throw new ArgumentException($"The character embedding size must be positive, got {CharEmbeddingSize}.", nameof(CharEmbeddingSize));
            if (CharHiddenSize <= 0) throw new ArgumentException($"The character hidden size must be positive, got {CharHiddenSize}.", nameof(CharHiddenSize));
            if (MaxWordChars <= 0) throw new ArgumentException($"The most characters per word must be positive, got {MaxWordChars}.", nameof(MaxWordChars));
        }
        if (!(WordDropout >= 0 && WordDropout < 1)) throw new ArgumentException($"Word dropout must be in [0, 1), got {WordDropout}.", nameof(WordDropout));
        Recurrent.Validate();
    }
}
