using Recur.Training;

namespace Recur.Text;

/// <summary>
/// Batches line examples for a language model. An example [a, b, c] gives inputs [&lt;eos&gt;, a, b, c] and targets
/// [a, b, c, &lt;eos&gt;] (the end token doubles as the start token), length 4. A batch holds up to
/// <see cref="BatchSize"/> examples padded to the longest (input <see cref="Vocabulary.EosId"/>, target
/// <see cref="TokenBatch.IgnoreTarget"/>); <see cref="TokenBatch.CarriesState"/> is always false.
/// </summary>
public sealed class LineBatcher
{
    /// <summary>With bucketing, examples are sorted by length within chunks of this many batches.</summary>
    public const int BucketBatches = 50;

    private readonly IReadOnlyList<int[]> _examples;
    private readonly int[] _order;
    private readonly int[] _batchOrder;
    private readonly long[] _keys;

    /// <summary>Creates a batcher in file order (call <see cref="StartEpoch"/> to shuffle).</summary>
    /// <param name="examples">The examples (ids, without <see cref="Vocabulary.Eos"/>); held, not copied.</param>
    /// <param name="batchSize">B, the most examples in a batch (≥ 1).</param>
    /// <param name="bucketByLength">Sort examples by length within chunks of <see cref="BucketBatches"/>·B, then shuffle
    /// the batches, to limit padding.</param>
    /// <param name="maxLength">The most steps of one example (≥ 1); a longer one keeps its first steps, without the final &lt;eos&gt; target.</param>
    /// <exception cref="ArgumentException">No examples, a null example, or a size out of range.</exception>
    public LineBatcher(IReadOnlyList<int[]> examples, int batchSize, bool bucketByLength = false, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (examples.Count == 0) throw new ArgumentException("There are no examples to batch.", nameof(examples));
        for (int i = 0; i < examples.Count; i++)
        {
            if (examples[i] is null) throw new ArgumentException($"Example {i} is null.", nameof(examples));
        }

        _examples = examples;
        BatchSize = batchSize;
        BucketByLength = bucketByLength;
        MaxLength = maxLength;
        BatchCount = (int)(((long)examples.Count + batchSize - 1) / batchSize);
        _order = new int[examples.Count];
        _batchOrder = new int[BatchCount];
        _keys = bucketByLength ? new long[examples.Count] : [];
        StartEpoch(null);
    }

    /// <summary>B, the most examples in a batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether examples are bucketed by length.</summary>
    public bool BucketByLength { get; }

    /// <summary>The most steps of one example.</summary>
    public int MaxLength { get; }

    /// <summary>The number of examples.</summary>
    public int ExampleCount => _examples.Count;

    /// <summary>Batches per epoch: ⌈examples / B⌉.</summary>
    public int BatchCount { get; }

    /// <summary>The index of the next batch in this epoch (0..<see cref="BatchCount"/>).</summary>
    public int Position { get; private set; }

    /// <summary>
    /// Starts an epoch. With <paramref name="rng"/>, the examples are shuffled (and, with bucketing, sorted by length
    /// within chunks and the batch order shuffled); without, they stay in file order (bucketed if asked), as for
    /// evaluation. The same generator state gives the same order.
    /// </summary>
    /// <param name="rng">The generator to shuffle with, or null for file order.</param>
    public void StartEpoch(Rng? rng)
    {
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        if (rng != null) Shuffle(_order, rng);
        if (BucketByLength)
        {
            int chunk = (int)Math.Min((long)BucketBatches * BatchSize, _order.Length);
            for (int start = 0; start < _order.Length; start += chunk)
            {
                int count = Math.Min(chunk, _order.Length - start);
                // Key: steps, then position in the chunk, so the sort is stable and deterministic.
                for (int j = 0; j < count; j++) _keys[start + j] = ((long)StepsOf(_order[start + j]) << 32) | (uint)j;
                Array.Sort(_keys, _order, start, count);
            }
        }

        for (int k = 0; k < _batchOrder.Length; k++) _batchOrder[k] = k;
        if (rng != null && BucketByLength) Shuffle(_batchOrder, rng);
        Position = 0;
    }

    /// <summary>Moves to batch <paramref name="batch"/> of the current epoch, as if that many had been taken.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is outside 0..<see cref="BatchCount"/>.</exception>
    public void Seek(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, BatchCount);
        Position = batch;
    }

    /// <summary>Fills <paramref name="batch"/> with the next batch of the epoch; false when the epoch is over.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> is null.</exception>
    public bool Next(TokenBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (Position >= BatchCount) return false;
        int first = _batchOrder[Position++] * BatchSize;
        int size = Math.Min(BatchSize, _order.Length - first);
        int steps = 0;
        for (int b = 0; b < size; b++) steps = Math.Max(steps, StepsOf(_order[first + b]));

        batch.EnsureCapacity(steps, size);
        batch.CarriesState = false;
        var inputs = batch.InputSpan;
        var targets = batch.TargetSpan;
        inputs.Fill(Vocabulary.EosId);
        targets.Fill(TokenBatch.IgnoreTarget);
        for (int b = 0; b < size; b++)
        {
            int[] ex = _examples[_order[first + b]];
            int length = StepsOf(ex);
            batch.Lengths[b] = length;
            // input_t = ex[t−1] (ex[−1] = <eos>); target_t = ex[t] (ex[len] = <eos>)
            for (int t = 0; t < length; t++)
            {
                inputs[t * size + b] = t == 0 ? Vocabulary.EosId : ex[t - 1];
                targets[t * size + b] = t < ex.Length ? ex[t] : Vocabulary.EosId;
            }
        }

        return true;
    }

    private int StepsOf(int example) => StepsOf(_examples[example]);

    private int StepsOf(int[] example) => (int)Math.Min(example.Length + 1L, MaxLength);

    private static void Shuffle(int[] a, Rng rng)
    {
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
