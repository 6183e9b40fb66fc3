using Recur.Text;

namespace Recur.Training;

/// <summary>A source of training or evaluation batches whose order depends only on the epoch number, so that a resumed run
/// sees the same batches as an uninterrupted one.</summary>
/// <typeparam name="TBatch">Batch type, filled in place so that a steady loop allocates nothing.</typeparam>
public interface IBatchSource<in TBatch>
{
    /// <summary>Batches per epoch.</summary>
    int BatchCount { get; }

    /// <summary>Starts epoch <paramref name="epoch"/> (0-based) from its first batch.</summary>
    void StartEpoch(int epoch);

    /// <summary>Fills <paramref name="batch"/> with the next batch; false at the end of the epoch.</summary>
    bool Next(TBatch batch);
}

/// <summary>A source of language-model token batches.</summary>
public interface IBatchSource : IBatchSource<TokenBatch>
{
}
