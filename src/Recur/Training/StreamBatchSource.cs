using Recur.Text;

namespace Recur.Training;

/// <summary>A continuous token stream in consecutive windows whose hidden state carries over (truncated BPTT).</summary>
public sealed class StreamBatchSource : IBatchSource
{
    private readonly StreamBatcher _batcher;

    /// <summary>Wraps a <see cref="StreamBatcher"/>.</summary>
    public StreamBatchSource(StreamBatcher batcher)
    {
        ArgumentNullException.ThrowIfNull(batcher);
        _batcher = batcher;
    }

    /// <inheritdoc/>
    public int BatchCount => _batcher.WindowCount;

    /// <inheritdoc/>
    public void StartEpoch(int epoch) => _batcher.Reset();

    /// <inheritdoc/>
    public bool Next(TokenBatch batch) => _batcher.Next(batch);
}
