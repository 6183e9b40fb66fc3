namespace Recur.Text;

/// <summary>
/// One batch of token ids for a language model, time-major, owned by the caller and refilled by
/// <see cref="LineBatcher"/> or <see cref="StreamBatcher"/>. Its arrays only grow, so a steady training loop does
/// not allocate; they may be longer than the batch, so read the first <see cref="Steps"/>·<see cref="Size"/>
/// entries (or use <see cref="InputSpan"/>, <see cref="TargetSpan"/>, <see cref="LengthSpan"/>).
/// </summary>
public sealed class TokenBatch
{
    /// <summary>The target at padding positions, as PyTorch's default <c>ignore_index</c>.</summary>
    public const int IgnoreTarget = -100;

    /// <summary>T, the number of time steps.</summary>
    public int Steps { get; private set; }

    /// <summary>B, the number of sequences.</summary>
    public int Size { get; private set; }

    /// <summary>Input ids [T·B], time-major: step t of sequence b at t·B + b. Padding inputs are <see cref="Vocabulary.EosId"/>.</summary>
    public int[] Inputs { get; private set; } = [];

    /// <summary>Target ids [T·B], laid out as <see cref="Inputs"/>; <see cref="IgnoreTarget"/> at padding positions.</summary>
    public int[] Targets { get; private set; } = [];

    /// <summary>Lengths [B]: the steps of sequence b are 0..Lengths[b]−1.</summary>
    public int[] Lengths { get; private set; } = [];

    /// <summary>
    /// True when this batch continues the sequences of the previous one (consecutive stream windows), so the model
    /// keeps its hidden state; false when the state starts from zero.
    /// </summary>
    public bool CarriesState { get; set; }

    /// <summary>The valid inputs [T·B].</summary>
    public Span<int> InputSpan => Inputs.AsSpan(0, Steps * Size);

    /// <summary>The valid targets [T·B].</summary>
    public Span<int> TargetSpan => Targets.AsSpan(0, Steps * Size);

    /// <summary>The valid lengths [B].</summary>
    public Span<int> LengthSpan => Lengths.AsSpan(0, Size);

    /// <summary>The number of targets that are not padding: the sum of the lengths.</summary>
    public int TargetCount
    {
        get
        {
            int n = 0;
            foreach (int length in LengthSpan) n += length;
            return n;
        }
    }

    /// <summary>Sets the shape to <paramref name="steps"/> × <paramref name="batch"/>, growing the arrays only if they are too short. Contents are not cleared.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or T·B overflows.</exception>
    public void EnsureCapacity(int steps, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        long cells = (long)steps * batch;
        if (cells > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(steps), $"A batch of {steps} × {batch} is too large.");
        if (Inputs.Length < cells)
        {
            Inputs = new int[cells];
            Targets = new int[cells];
        }

        if (Lengths.Length < batch) Lengths = new int[batch];
        Steps = steps;
        Size = batch;
    }
}
