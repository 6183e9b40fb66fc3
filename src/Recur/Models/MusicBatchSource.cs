using Recur.Training;

namespace Recur.Models;

/// <summary>
/// Batches of piano-roll sequences for a <see cref="MusicModel{T}"/>. Sequences of fewer than two frames predict
/// nothing and are left out. With a seed, every epoch shuffles the sequences from (seed, epoch) alone, sorts them by
/// length within chunks of <see cref="BucketBatches"/> batches (bucketing, to limit padding) and shuffles the batch
/// order, so a resumed run sees the same batches; without a seed (evaluation) the sequences are sorted by length once.
/// </summary>
public sealed class MusicBatchSource : IBatchSource<PianoRollBatch>
{
    /// <summary>Sequences are sorted by length within chunks of this many batches.</summary>
    public const int BucketBatches = 16;

    private readonly PianoRoll[] _rolls;
    private readonly int[] _order, _batchOrder;
    private readonly long[] _keys;
    private readonly ulong? _seed;
    private int _position;

    /// <summary>Creates the source.</summary>
    /// <param name="rolls">The sequences; held, not copied.</param>
    /// <param name="batchSize">B, the most sequences in a batch.</param>
    /// <param name="lowestPitch">The model's lowest pitch.</param>
    /// <param name="pitchCount">K, the model's number of pitches.</param>
    /// <param name="seed">Shuffle seed for training; null for evaluation order.</param>
    /// <exception cref="ArgumentException">No sequence has two frames, a size is not positive, or a sequence has a
    /// pitch outside the range (the message names the sequence and frame).</exception>
    public MusicBatchSource(IReadOnlyList<PianoRoll> rolls, int batchSize, int lowestPitch, int pitchCount, ulong? seed)
    {
        ArgumentNullException.ThrowIfNull(rolls);
        if (batchSize <= 0) throw new ArgumentException($"Batch size must be positive, got {batchSize}.", nameof(batchSize));
        if (pitchCount <= 0) throw new ArgumentException($"Pitch count must be positive, got {pitchCount}.", nameof(pitchCount));
        for (int i = 0; i < rolls.Count; i++)
        {
            var roll = rolls[i] ?? throw new ArgumentException($"Sequence {i} is null.", nameof(rolls));
            for (int t = 0; t < roll.FrameCount; t++)
                foreach (int p in roll.Frame(t))
                    if (p < lowestPitch || p >= lowestPitch + pitchCount)
                        throw new ArgumentException($"Sequence {i}, frame {t}: pitch {p} is outside the model's range {lowestPitch}…{lowestPitch + pitchCount - 1}.", nameof(rolls));
        }
        _rolls = rolls.Where(r => r.FrameCount >= 2).ToArray();
        if (_rolls.Length == 0) throw new ArgumentException("No sequence has the two frames needed to predict one.", nameof(rolls));
        BatchSize = batchSize;
        LowestPitch = lowestPitch;
        PitchCount = pitchCount;
        _seed = seed;
        SkippedSequences = rolls.Count - _rolls.Length;
        PredictedFrames = _rolls.Sum(r => (long)r.FrameCount - 1);
        BatchCount = (_rolls.Length + batchSize - 1) / batchSize;
        _order = new int[_rolls.Length];
        _keys = new long[_rolls.Length];
        _batchOrder = new int[BatchCount];
        StartEpoch(0);
    }

    /// <summary>B.</summary>
    public int BatchSize { get; }

    /// <summary>The lowest pitch of the multi-hot frames.</summary>
    public int LowestPitch { get; }

    /// <summary>K.</summary>
    public int PitchCount { get; }

    /// <summary>Sequences batched (those with at least two frames).</summary>
    public int SequenceCount => _rolls.Length;

    /// <summary>Sequences left out for having fewer than two frames.</summary>
    public int SkippedSequences { get; }

    /// <summary>Predicted frames per epoch: Σ (frames − 1).</summary>
    public long PredictedFrames { get; }

    /// <inheritdoc/>
    public int BatchCount { get; }

    /// <inheritdoc/>
    public void StartEpoch(int epoch)
    {
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        for (int i = 0; i < _batchOrder.Length; i++) _batchOrder[i] = i;
        _position = 0;
        if (_seed is not ulong seed)
        {
            Array.Sort(_order, (a, b) => _rolls[a].FrameCount != _rolls[b].FrameCount ? _rolls[a].FrameCount.CompareTo(_rolls[b].FrameCount) : a.CompareTo(b));
            return;
        }
        var rng = new Rng(seed * 0x9E3779B97F4A7C15UL + (ulong)epoch + 1);
        Shuffle(_order, rng);
        int chunk = BucketBatches * BatchSize;
        for (int start = 0; start < _order.Length; start += chunk)
        {
            int count = Math.Min(chunk, _order.Length - start);
            // Stable: equal lengths keep their shuffled order.
            for (int j = 0; j < count; j++) _keys[start + j] = ((long)_rolls[_order[start + j]].FrameCount << 32) | (uint)j;
            Array.Sort(_keys, _order, start, count);
        }
        Shuffle(_batchOrder, rng);
    }

    /// <inheritdoc/>
    public bool Next(PianoRollBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_position >= BatchCount) return false;
        int first = _batchOrder[_position++] * BatchSize;
        int size = Math.Min(BatchSize, _order.Length - first);
        int frames = 0;
        for (int b = 0; b < size; b++) frames = Math.Max(frames, _rolls[_order[first + b]].FrameCount);
        batch.Reset(frames - 1, size, PitchCount);
        for (int b = 0; b < size; b++) batch.Set(b, _rolls[_order[first + b]], LowestPitch);
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
