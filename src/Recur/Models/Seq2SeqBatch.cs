using Recur.Text;

namespace Recur.Models;

/// <summary>
/// One batch of sentence pairs for a <see cref="Seq2Seq{T}"/>, time-major, refilled in place by a batch source. A
/// pair (x, y) gives source steps x (length Tx), decoder inputs [&lt;eos&gt;, y₁ … y_Ty] (&lt;eos&gt; as the start token)
/// and targets [y₁ … y_Ty, &lt;eos&gt;], length Ty + 1. Sources are padded with <see cref="Vocabulary.EosId"/>, decoder
/// inputs likewise and targets with <see cref="TokenBatch.IgnoreTarget"/>. The arrays only grow, so read the spans.
/// </summary>
public sealed class Seq2SeqBatch
{
    /// <summary>B, the number of pairs.</summary>
    public int Size { get; private set; }

    /// <summary>Tx, the longest source.</summary>
    public int SourceSteps { get; private set; }

    /// <summary>Ty + 1, the longest target with its &lt;eos&gt;.</summary>
    public int TargetSteps { get; private set; }

    /// <summary>Source ids [Tx·B]: step t of pair b at t·B + b.</summary>
    public int[] Sources { get; private set; } = [];

    /// <summary>Source lengths [B].</summary>
    public int[] SourceLengths { get; private set; } = [];

    /// <summary>Decoder inputs [(Ty+1)·B], laid out as <see cref="Sources"/>.</summary>
    public int[] TargetInputs { get; private set; } = [];

    /// <summary>Targets [(Ty+1)·B]; <see cref="TokenBatch.IgnoreTarget"/> at padding.</summary>
    public int[] Targets { get; private set; } = [];

    /// <summary>Decoder steps per pair [B]: its target length + 1.</summary>
    public int[] TargetLengths { get; private set; } = [];

    /// <summary>The valid source ids.</summary>
    public Span<int> SourceSpan => Sources.AsSpan(0, SourceSteps * Size);

    /// <summary>The valid source lengths.</summary>
    public Span<int> SourceLengthSpan => SourceLengths.AsSpan(0, Size);

    /// <summary>The valid decoder inputs.</summary>
    public Span<int> TargetInputSpan => TargetInputs.AsSpan(0, TargetSteps * Size);

    /// <summary>The valid targets.</summary>
    public Span<int> TargetSpan => Targets.AsSpan(0, TargetSteps * Size);

    /// <summary>The valid decoder lengths.</summary>
    public Span<int> TargetLengthSpan => TargetLengths.AsSpan(0, Size);

    /// <summary>Targets the loss counts: Σ_b (Ty_b + 1).</summary>
    public int TargetCount
    {
        get
        {
            int n = 0;
            foreach (int length in TargetLengthSpan) n += length;
            return n;
        }
    }

    /// <summary>Fills the batch from pairs: <paramref name="sources"/>[i] and <paramref name="targets"/>[i] are pair i's ids,
    /// without &lt;eos&gt;.</summary>
    /// <exception cref="ArgumentException">The lists are empty or differ in length, or a source is empty.</exception>
    public void Fill(IReadOnlyList<int[]> sources, IReadOnlyList<int[]> targets)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(targets);
        if (sources.Count == 0 || sources.Count != targets.Count)
            throw new ArgumentException($"Expected as many targets as sources (at least one), got {sources.Count} and {targets.Count}.", nameof(targets));
        int size = sources.Count, tx = 0, ty = 0;
        for (int b = 0; b < size; b++)
        {
            if (sources[b] is not { Length: > 0 }) throw new ArgumentException($"Source {b} is empty.", nameof(sources));
            ArgumentNullException.ThrowIfNull(targets[b], nameof(targets));
            tx = Math.Max(tx, sources[b].Length);
            ty = Math.Max(ty, targets[b].Length + 1);
        }
        EnsureCapacity(tx, ty, size);
        var src = SourceSpan;
        var inputs = TargetInputSpan;
        var outputs = TargetSpan;
        src.Fill(Vocabulary.EosId);
        inputs.Fill(Vocabulary.EosId);
        outputs.Fill(TokenBatch.IgnoreTarget);
        for (int b = 0; b < size; b++)
        {
            int[] x = sources[b], y = targets[b];
            SourceLengths[b] = x.Length;
            TargetLengths[b] = y.Length + 1;
            for (int t = 0; t < x.Length; t++) src[t * size + b] = x[t];
            // input_t = y[t−1] (y[−1] = <eos>); target_t = y[t] (y[Ty] = <eos>)
            for (int t = 0; t <= y.Length; t++)
            {
                inputs[t * size + b] = t == 0 ? Vocabulary.EosId : y[t - 1];
                outputs[t * size + b] = t < y.Length ? y[t] : Vocabulary.EosId;
            }
        }
    }

    /// <summary>Sets the shape, growing the arrays only when they are too short; contents are not cleared.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or a product overflows.</exception>
    public void EnsureCapacity(int sourceSteps, int targetSteps, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        int sourceCells = checked(sourceSteps * size), targetCells = checked(targetSteps * size);
        if (Sources.Length < sourceCells) Sources = new int[sourceCells];
        if (TargetInputs.Length < targetCells)
        {
            TargetInputs = new int[targetCells];
            Targets = new int[targetCells];
        }
        if (SourceLengths.Length < size)
        {
            SourceLengths = new int[size];
            TargetLengths = new int[size];
        }
        Size = size;
        SourceSteps = sourceSteps;
        TargetSteps = targetSteps;
    }
}
