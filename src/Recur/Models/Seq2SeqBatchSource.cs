using Recur.Training;

namespace Recur.Models;

/// <summary>
/// Batches sentence pairs for a <see cref="Seq2Seq{T}"/>, bucketed by length to limit padding: pairs are sorted by
/// source length (then target length) within chunks of <see cref="BucketBatches"/> batches and cut into batches, and
/// with a seed the pairs are shuffled before and the batches after, from (seed, epoch) alone, so a resumed run sees the
/// same batches. Without a seed the order is fixed (evaluation).
/// </summary>
public sealed class Seq2SeqBatchSource : IBatchSource<Seq2SeqBatch>
{
    /// <summary>Pairs are sorted by length within chunks of this many batches.</summary>
    public const int BucketBatches = 50;

    private readonly IReadOnlyList<(int[] Source, int[] Target)> _pairs;
    private readonly ulong? _seed;
    private readonly int[] _order, _batchOrder;
    private readonly long[] _keys;
    private readonly List<int[]> _sources = [], _targets = [];
    private int _position;

    /// <summary>Creates the source.</summary>
    /// <param name="pairs">Source and target ids of each pair, without &lt;eos&gt;; held, not copied.</param>
    /// <param name="batchSize">B, the most pairs in a batch.</param>
    /// <param name="seed">Shuffle every epoch from (seed, epoch); null keeps the order fixed.</param>
    /// <exception cref="ArgumentException">No pairs, an empty source, or a batch size that is not positive.</exception>
    public Seq2SeqBatchSource(IReadOnlyList<(int[] Source, int[] Target)> pairs, int batchSize, ulong? seed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (pairs.Count == 0) throw new ArgumentException("There are no sentence pairs to batch.", nameof(pairs));
        for (int i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Source is not { Length: > 0 }) throw new ArgumentException($"Pair {i} has an empty source.", nameof(pairs));
            if (pairs[i].Target is null) throw new ArgumentException($"Pair {i} has no target.", nameof(pairs));
        }
        _pairs = pairs;
        _seed = seed;
        BatchSize = batchSize;
        BatchCount = (pairs.Count + batchSize - 1) / batchSize;
        _order = new int[pairs.Count];
        _batchOrder = new int[BatchCount];
        _keys = new long[pairs.Count];
        StartEpoch(0);
    }

    /// <summary>B.</summary>
    public int BatchSize { get; }

    /// <summary>Number of pairs.</summary>
    public int PairCount => _pairs.Count;

    /// <inheritdoc/>
    public int BatchCount { get; }

    /// <summary>Target tokens the loss counts in one epoch: Σ (Ty + 1).</summary>
    public long TargetTokens => _pairs.Sum(p => (long)p.Target.Length + 1);

    /// <inheritdoc/>
    public void StartEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var rng = _seed is ulong s ? new Rng(s * 0x9E3779B97F4A7C15UL + (ulong)epoch + 1) : null;
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        if (rng is not null) Shuffle(_order, rng);
        int chunk = (int)Math.Min((long)BucketBatches * BatchSize, _order.Length);
        for (int start = 0; start < _order.Length; start += chunk)
        {
            int count = Math.Min(chunk, _order.Length - start);
            // Key: source length, target length, position in the chunk, so the sort is total and deterministic.
            for (int j = 0; j < count; j++)
            {
                var (x, y) = _pairs[_order[start + j]];
                _keys[start + j] = ((long)Math.Min(x.Length, 0xFFFF) << 40) | ((long)Math.Min(y.Length, 0xFFFF) << 24) | (uint)j;
            }
            Array.Sort(_keys, _order, start, count);
        }
        for (int k = 0; k < _batchOrder.Length; k++) _batchOrder[k] = k;
        if (rng is not null) Shuffle(_batchOrder, rng);
        _position = 0;
    }

    /// <inheritdoc/>
    public bool Next(Seq2SeqBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_position >= BatchCount) return false;
        int first = _batchOrder[_position++] * BatchSize;
        int size = Math.Min(BatchSize, _order.Length - first);
        _sources.Clear();
        _targets.Clear();
        for (int b = 0; b < size; b++)
        {
            var (x, y) = _pairs[_order[first + b]];
            _sources.Add(x);
            _targets.Add(y);
        }
        batch.Fill(_sources, _targets);
        return true;
    }

    private static void Shuffle(int[] a, Rng rng)
    {
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
