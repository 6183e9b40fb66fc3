using Recur.Training;

namespace Recur.Models;

/// <summary>
/// Training batches from a generator of fresh pairs for every epoch (a synthetic task such as
/// <see cref="Text.DateTask"/>): epoch e's pairs are <c>generate(e)</c>, which must depend only on e (and a seed of the
/// caller's), batched and shuffled as <see cref="Seq2SeqBatchSource"/> does, so a resumed run sees the same batches.
/// </summary>
public sealed class Seq2SeqGeneratedSource : IBatchSource<Seq2SeqBatch>
{
    private readonly Func<int, IReadOnlyList<(int[] Source, int[] Target)>> _generate;
    private readonly int _pairsPerEpoch, _batchSize;
    private readonly ulong _seed;
    private Seq2SeqBatchSource? _epoch;

    /// <summary>Creates the source.</summary>
    /// <param name="generate">Epoch → that epoch's pairs (ids without &lt;eos&gt;), exactly <paramref name="pairsPerEpoch"/> of them.</param>
    /// <param name="pairsPerEpoch">Pairs per epoch.</param>
    /// <param name="batchSize">B.</param>
    /// <param name="seed">Seed of the shuffle.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Seq2SeqGeneratedSource(Func<int, IReadOnlyList<(int[] Source, int[] Target)>> generate, int pairsPerEpoch, int batchSize, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(generate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pairsPerEpoch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _generate = generate;
        _pairsPerEpoch = pairsPerEpoch;
        _batchSize = batchSize;
        _seed = seed;
        BatchCount = (pairsPerEpoch + batchSize - 1) / batchSize;
    }

    /// <inheritdoc/>
    public int BatchCount { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The generator returned another number of pairs than promised.</exception>
    public void StartEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var pairs = _generate(epoch);
        if (pairs.Count != _pairsPerEpoch)
            throw new InvalidOperationException($"The generator made {pairs.Count} pairs for epoch {epoch}, expected {_pairsPerEpoch}.");
        _epoch = new Seq2SeqBatchSource(pairs, _batchSize, _seed);
        _epoch.StartEpoch(epoch);
    }

    /// <inheritdoc/>
    public bool Next(Seq2SeqBatch batch)
    {
        if (_epoch is null) throw new InvalidOperationException("StartEpoch must be called before Next.");
        return _epoch.Next(batch);
    }
}
