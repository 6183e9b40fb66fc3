using Recur.Training;

namespace Recur.Models;

/// <summary>
/// The order in which variable-length examples are batched: shuffled with a generator or kept in file order; with
/// bucketing, sorted by length within chunks of <see cref="ChunkBatches"/> batches (so a batch holds examples of
/// similar length and little padding) and the batch order shuffled.
/// </summary>
internal sealed class LengthBuckets
{
    /// <summary>Examples are sorted by length within chunks of this many batches.</summary>
    public const int ChunkBatches = 50;

    private readonly int[] _lengths;
    private readonly long[] _keys;

    public LengthBuckets(int[] lengths, int batchSize, bool bucket)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (lengths.Length == 0) throw new ArgumentException("There are no examples to batch.", nameof(lengths));
        _lengths = lengths;
        BatchSize = batchSize;
        Bucket = bucket;
        Order = new int[lengths.Length];
        BatchOrder = new int[(lengths.Length + batchSize - 1) / batchSize];
        _keys = bucket ? new long[lengths.Length] : [];
        Arrange(null);
    }

    public int BatchSize { get; }

    public bool Bucket { get; }

    /// <summary>Example indices in batch-major order: batch k holds Order[k·B .. k·B + B − 1].</summary>
    public int[] Order { get; }

    /// <summary>The order in which the batches are taken.</summary>
    public int[] BatchOrder { get; }

    public int BatchCount => BatchOrder.Length;

    /// <summary>The examples of the <paramref name="position"/>-th batch taken.</summary>
    public ReadOnlySpan<int> Batch(int position)
    {
        int first = BatchOrder[position] * BatchSize;
        return Order.AsSpan(first, Math.Min(BatchSize, Order.Length - first));
    }

    /// <summary>Arranges an epoch; the same generator state gives the same order.</summary>
    public void Arrange(Rng? rng)
    {
        for (int i = 0; i < Order.Length; i++) Order[i] = i;
        if (rng is not null) Shuffle(Order, rng);
        if (Bucket)
        {
            int chunk = (int)Math.Min((long)ChunkBatches * BatchSize, Order.Length);
            for (int start = 0; start < Order.Length; start += chunk)
            {
                int count = Math.Min(chunk, Order.Length - start);
                // Key: length, then position in the chunk, so that the sort is stable and deterministic.
                for (int j = 0; j < count; j++) _keys[start + j] = ((long)_lengths[Order[start + j]] << 32) | (uint)j;
                Array.Sort(_keys, Order, start, count);
            }
        }
        for (int k = 0; k < BatchOrder.Length; k++) BatchOrder[k] = k;
        if (rng is not null && Bucket) Shuffle(BatchOrder, rng);
    }

    /// <summary>The generator of an epoch's order: a function of (seed, epoch) only.</summary>
    public static Rng EpochRng(ulong seed, int epoch) => new(seed * 0x9E3779B97F4A7C15UL + (ulong)epoch + 1);

    private static void Shuffle(int[] a, Rng rng)
    {
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
