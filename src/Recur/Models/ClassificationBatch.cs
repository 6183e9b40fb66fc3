namespace Recur.Models;

/// <summary>
/// A batch of texts for a <see cref="Classifier{T}"/>, time-major and padded, refilled in place by
/// <see cref="ClassificationBatchSource"/>. Its arrays only grow; read the first T·B and B entries (or the spans).
/// </summary>
public sealed class ClassificationBatch
{
    /// <summary>The label of an unlabelled text (PyTorch's ignore_index).</summary>
    public const int IgnoreLabel = -100;

    /// <summary>The id used for padding (<see cref="Text.Vocabulary.EosId"/>).</summary>
    public const int PadId = Text.Vocabulary.EosId;

    /// <summary>T, the most tokens of a text in the batch (at least 1).</summary>
    public int Steps { get; private set; }

    /// <summary>B, the number of texts.</summary>
    public int Size { get; private set; }

    /// <summary>Token ids [T·B]: token t of text b at t·B + b; <see cref="PadId"/> at padding.</summary>
    public int[] Tokens { get; private set; } = [];

    /// <summary>Tokens of each text [B].</summary>
    public int[] Lengths { get; private set; } = [];

    /// <summary>Class of each text [B], or <see cref="IgnoreLabel"/>.</summary>
    public int[] Labels { get; private set; } = [];

    /// <summary>Index of each text in the source's example list [B].</summary>
    public int[] Examples { get; private set; } = [];

    /// <summary>The valid token ids [T·B].</summary>
    public Span<int> TokenSpan => Tokens.AsSpan(0, Steps * Size);

    /// <summary>The valid lengths [B].</summary>
    public Span<int> LengthSpan => Lengths.AsSpan(0, Size);

    /// <summary>The valid labels [B].</summary>
    public Span<int> LabelSpan => Labels.AsSpan(0, Size);

    /// <summary>Texts whose label counts in the loss.</summary>
    public int LabelCount
    {
        get
        {
            int n = 0;
            foreach (int label in LabelSpan) if (label != IgnoreLabel) n++;
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
        if (Tokens.Length < cells) Tokens = new int[cells];
        if (Lengths.Length < batch)
        {
            Lengths = new int[batch];
            Labels = new int[batch];
            Examples = new int[batch];
        }
        Steps = steps;
        Size = batch;
    }
}
