using Recur.Text;

namespace Recur.Training;

/// <summary>One example per line, padded batches; shuffled per epoch from (seed, epoch), or in file order without a seed.</summary>
public sealed class LineBatchSource : IBatchSource
{
    private readonly LineBatcher _batcher;
    private readonly ulong? _seed;

    /// <summary>Wraps a <see cref="LineBatcher"/>; <paramref name="seed"/> null keeps file order (evaluation).</summary>
    public LineBatchSource(LineBatcher batcher, ulong? seed)
    {
        ArgumentNullException.ThrowIfNull(batcher);
        _batcher = batcher;
        _seed = seed;
    }

    /// <inheritdoc/>
    public int BatchCount => _batcher.BatchCount;

    /// <inheritdoc/>
    public void StartEpoch(int epoch) =>
        _batcher.StartEpoch(_seed is ulong s ? new Rng(s * 0x9E3779B97F4A7C15UL + (ulong)epoch + 1) : null);

    /// <inheritdoc/>
    public bool Next(TokenBatch batch) => _batcher.Next(batch);
}
