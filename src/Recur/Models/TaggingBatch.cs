namespace Recur.Models;

/// <summary>
/// A batch of sentences for a <see cref="Tagger{T}"/>, time-major and padded, refilled in place by
/// <see cref="TaggingBatchSource"/>. Its arrays only grow; read the first T·B entries (or the span properties).
/// Words are numbered n = 0..N−1 over the valid positions in time-major order; with character features, word n's
/// characters form sequence n of a second time-major batch [C, N].
/// </summary>
public sealed class TaggingBatch
{
    /// <summary>The tag at padding positions, and of a tag the model does not know (PyTorch's ignore_index).</summary>
    public const int IgnoreTag = -100;

    /// <summary>The id used for padding words and characters (<see cref="Text.Vocabulary.EosId"/>).</summary>
    public const int PadId = Text.Vocabulary.EosId;

    /// <summary>T, the most tokens of a sentence in the batch.</summary>
    public int Steps { get; private set; }

    /// <summary>B, the number of sentences.</summary>
    public int Size { get; private set; }

    /// <summary>Word ids [T·B]: token t of sentence b at t·B + b; <see cref="PadId"/> at padding.</summary>
    public int[] Words { get; private set; } = [];

    /// <summary>Tag ids [T·B]; <see cref="IgnoreTag"/> at padding and for untagged sentences.</summary>
    public int[] Tags { get; private set; } = [];

    /// <summary>Tokens of each sentence [B].</summary>
    public int[] Lengths { get; private set; } = [];

    /// <summary>Index of each sentence in the source's example list [B].</summary>
    public int[] Examples { get; private set; } = [];

    /// <summary>Whether the batch carries characters.</summary>
    public bool HasCharacters { get; set; }

    /// <summary>N, the number of valid tokens: Σ lengths.</summary>
    public int WordCount { get; private set; }

    /// <summary>C, the most characters of a word in the batch.</summary>
    public int CharSteps { get; private set; }

    /// <summary>Character ids [C·N]: character c of word n at c·N + n; <see cref="PadId"/> at padding.</summary>
    public int[] Chars { get; private set; } = [];

    /// <summary>Characters of each word [N].</summary>
    public int[] CharLengths { get; private set; } = [];

    /// <summary>Row t·B + b of each word [N].</summary>
    public int[] WordRows { get; private set; } = [];

    /// <summary>The valid word ids [T·B].</summary>
    public Span<int> WordSpan => Words.AsSpan(0, Steps * Size);

    /// <summary>The valid tag ids [T·B].</summary>
    public Span<int> TagSpan => Tags.AsSpan(0, Steps * Size);

    /// <summary>The valid lengths [B].</summary>
    public Span<int> LengthSpan => Lengths.AsSpan(0, Size);

    /// <summary>Positions whose tag counts in the loss.</summary>
    public int TagCount
    {
        get
        {
            int n = 0;
            foreach (int tag in TagSpan) if (tag != IgnoreTag) n++;
            return n;
        }
    }

    /// <summary>Sets the shape to T × B, growing the arrays when too short; contents are not cleared.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or T·B overflows.</exception>
    public void EnsureCapacity(int steps, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        long cells = (long)steps * batch;
        if (cells > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(steps), $"A batch of {steps} × {batch} is too large.");
        if (Words.Length < cells)
        {
            Words = new int[cells];
            Tags = new int[cells];
        }
        if (Lengths.Length < batch)
        {
            Lengths = new int[batch];
            Examples = new int[batch];
        }
        Steps = steps;
        Size = batch;
    }

    /// <summary>Sets the character shape to C × N, growing the arrays when too short; contents are not cleared.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or C·N overflows.</exception>
    public void EnsureCharCapacity(int charSteps, int words)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(charSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(words);
        long cells = (long)charSteps * words;
        if (cells > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(charSteps), $"A character batch of {charSteps} × {words} is too large.");
        if (Chars.Length < cells) Chars = new int[cells];
        if (CharLengths.Length < words)
        {
            CharLengths = new int[words];
            WordRows = new int[words];
        }
        CharSteps = charSteps;
        WordCount = words;
    }
}
