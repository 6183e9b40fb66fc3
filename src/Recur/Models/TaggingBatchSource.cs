using Recur.Training;

namespace Recur.Models;

/// <summary>
/// Batches of tagged sentences: shuffled per epoch from (seed, epoch), or in file order without a seed; bucketed by
/// length to limit padding.
/// </summary>
public sealed class TaggingBatchSource : IBatchSource<TaggingBatch>
{
    private readonly IReadOnlyList<TaggingExample> _examples;
    private readonly LengthBuckets _buckets;
    private readonly ulong? _seed;
    private int _position;

    /// <summary>Creates a source over <paramref name="examples"/> (held, not copied).</summary>
    /// <param name="examples">The sentences; each has at least one token.</param>
    /// <param name="batchSize">B, the most sentences in a batch.</param>
    /// <param name="seed">Seed of the per-epoch shuffle, or null for file order (evaluation).</param>
    /// <param name="bucketByLength">Sort by length within chunks of 50 batches (default true).</param>
    /// <exception cref="ArgumentException">No examples, an empty one, examples that differ in carrying characters, or a bad size.</exception>
    public TaggingBatchSource(IReadOnlyList<TaggingExample> examples, int batchSize, ulong? seed, bool bucketByLength = true)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (examples.Count == 0) throw new ArgumentException("There are no sentences to batch.", nameof(examples));
        bool chars = examples[0].Chars is not null;
        var lengths = new int[examples.Count];
        for (int i = 0; i < examples.Count; i++)
        {
            var e = examples[i] ?? throw new ArgumentException($"Sentence {i} is null.", nameof(examples));
            if (e.Length == 0) throw new ArgumentException($"Sentence {i} has no tokens.", nameof(examples));
            if ((e.Chars is not null) != chars) throw new ArgumentException($"Sentence {i} differs from the first in carrying characters.", nameof(examples));
            if (e.Chars is not null && e.Chars.Length != e.Length) throw new ArgumentException($"Sentence {i} has {e.Chars.Length} character lists for {e.Length} tokens.", nameof(examples));
            if (e.Tags is not null && e.Tags.Length != e.Length) throw new ArgumentException($"Sentence {i} has {e.Tags.Length} tags for {e.Length} tokens.", nameof(examples));
            lengths[i] = e.Length;
        }
        _examples = examples;
        _seed = seed;
        _buckets = new LengthBuckets(lengths, batchSize, bucketByLength);
        HasCharacters = chars;
    }

    /// <summary>Whether the batches carry characters.</summary>
    public bool HasCharacters { get; }

    /// <summary>The sentences.</summary>
    public IReadOnlyList<TaggingExample> Examples => _examples;

    /// <inheritdoc/>
    public int BatchCount => _buckets.BatchCount;

    /// <inheritdoc/>
    public void StartEpoch(int epoch)
    {
        _buckets.Arrange(_seed is ulong s ? LengthBuckets.EpochRng(s, epoch) : null);
        _position = 0;
    }

    /// <inheritdoc/>
    public bool Next(TaggingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_position >= _buckets.BatchCount) return false;
        var members = _buckets.Batch(_position++);
        int size = members.Length, steps = 0, words = 0, charSteps = 0;
        foreach (int i in members)
        {
            var e = _examples[i];
            steps = Math.Max(steps, e.Length);
            words += e.Length;
            if (e.Chars is not null)
                foreach (var c in e.Chars) charSteps = Math.Max(charSteps, c.Length);
        }
        batch.EnsureCapacity(steps, size);
        batch.WordSpan.Fill(TaggingBatch.PadId);
        batch.TagSpan.Fill(TaggingBatch.IgnoreTag);
        for (int b = 0; b < size; b++)
        {
            var e = _examples[members[b]];
            batch.Lengths[b] = e.Length;
            batch.Examples[b] = members[b];
            for (int t = 0; t < e.Length; t++)
            {
                batch.Words[t * size + b] = e.Words[t];
                if (e.Tags is not null) batch.Tags[t * size + b] = e.Tags[t];
            }
        }
        batch.HasCharacters = HasCharacters;
        // Words in time-major order over the valid positions; C is at least 1 so that the character batch has a step.
        batch.EnsureCharCapacity(HasCharacters ? Math.Max(1, charSteps) : 0, HasCharacters ? words : 0);
        if (!HasCharacters) return true;
        batch.Chars.AsSpan(0, batch.CharSteps * words).Fill(TaggingBatch.PadId);
        int n = 0;
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < size; b++)
            {
                var e = _examples[members[b]];
                if (t >= e.Length) continue;
                int[] chars = e.Chars![t];
                batch.WordRows[n] = t * size + b;
                batch.CharLengths[n] = chars.Length;
                for (int c = 0; c < chars.Length; c++) batch.Chars[c * words + n] = chars[c];
                n++;
            }
        return true;
    }
}
