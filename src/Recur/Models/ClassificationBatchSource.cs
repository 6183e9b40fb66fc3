using Recur.Training;

namespace Recur.Models;

/// <summary>
/// Batches of texts to classify: shuffled per epoch from (seed, epoch), or in file order without a seed; bucketed by
/// length to limit padding. A text longer than <see cref="MaxLength"/> keeps its first tokens.
/// </summary>
public sealed class ClassificationBatchSource : IBatchSource<ClassificationBatch>
{
    private readonly IReadOnlyList<ClassificationExample> _examples;
    private readonly LengthBuckets _buckets;
    private readonly ulong? _seed;
    private int _position;

    /// <summary>Creates a source over <paramref name="examples"/> (held, not copied).</summary>
    /// <param name="examples">The texts.</param>
    /// <param name="batchSize">B, the most texts in a batch.</param>
    /// <param name="seed">Seed of the per-epoch shuffle, or null for file order (evaluation).</param>
    /// <param name="bucketByLength">Sort by length within chunks of 50 batches (default true).</param>
    /// <param name="maxLength">The most tokens read from a text (default: all).</param>
    /// <exception cref="ArgumentException">No examples, a null one, or a bad size.</exception>
    public ClassificationBatchSource(IReadOnlyList<ClassificationExample> examples, int batchSize, ulong? seed, bool bucketByLength = true,
        int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (examples.Count == 0) throw new ArgumentException("There are no texts to batch.", nameof(examples));
        var lengths = new int[examples.Count];
        for (int i = 0; i < examples.Count; i++)
        {
            var e = examples[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(examples));
            lengths[i] = Math.Min(e.Tokens.Length, maxLength);
        }
        _examples = examples;
        _seed = seed;
        MaxLength = maxLength;
        _buckets = new LengthBuckets(lengths, batchSize, bucketByLength);
    }

    /// <summary>The most tokens read from a text.</summary>
    public int MaxLength { get; }

    /// <summary>The texts.</summary>
    public IReadOnlyList<ClassificationExample> Examples => _examples;

    /// <inheritdoc/>
    public int BatchCount => _buckets.BatchCount;

    /// <inheritdoc/>
    public void StartEpoch(int epoch)
    {
        _buckets.Arrange(_seed is ulong s ? LengthBuckets.EpochRng(s, epoch) : null);
        _position = 0;
    }

    /// <inheritdoc/>
    public bool Next(ClassificationBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_position >= _buckets.BatchCount) return false;
        var members = _buckets.Batch(_position++);
        int size = members.Length, steps = 1;
        foreach (int i in members) steps = Math.Max(steps, Math.Min(_examples[i].Tokens.Length, MaxLength));
        batch.EnsureCapacity(steps, size);
        batch.TokenSpan.Fill(ClassificationBatch.PadId);
        for (int b = 0; b < size; b++)
        {
            var e = _examples[members[b]];
            int length = Math.Min(e.Tokens.Length, MaxLength);
            batch.Lengths[b] = length;
            batch.Labels[b] = e.Label;
            batch.Examples[b] = members[b];
            for (int t = 0; t < length; t++) batch.Tokens[t * size + b] = e.Tokens[t];
        }
        return true;
    }
}
