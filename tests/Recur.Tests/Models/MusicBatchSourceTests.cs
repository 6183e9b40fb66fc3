using Recur.Models;

namespace Recur.Tests.Models;

public sealed class MusicBatchSourceTests
{
    private static List<int[]> Epoch(MusicBatchSource source, int epoch)
    {
        var batch = new PianoRollBatch();
        var batches = new List<int[]>();
        source.StartEpoch(epoch);
        while (source.Next(batch)) batches.Add([batch.Steps, .. batch.LengthSpan, .. batch.FrameSpan.ToArray().Select(b => (int)b)]);
        return batches;
    }

    [Fact]
    public void StartEpoch_OrderDependsOnlyOnSeedAndEpoch_EverySequenceOnce()
    {
        var rolls = MusicModelTests.RandomRolls(1, Enumerable.Range(2, 40).ToArray());
        var a = new MusicBatchSource(rolls, 4, 60, 5, seed: 7);
        var b = new MusicBatchSource(rolls, 4, 60, 5, seed: 7);
        Assert.Equal(Epoch(a, 3), Epoch(b, 3));
        Assert.Equal(Epoch(a, 3), Epoch(a, 3));
        Assert.NotEqual(Epoch(a, 3), Epoch(a, 4));
        Assert.Equal(10, a.BatchCount);
        // Σ lengths over the epoch = Σ (frames − 1): each sequence exactly once.
        var batch = new PianoRollBatch();
        a.StartEpoch(5);
        long frames = 0;
        while (a.Next(batch)) frames += batch.PredictedFrames;
        Assert.Equal(a.PredictedFrames, frames);
        Assert.Equal(Enumerable.Range(2, 40).Sum(n => n - 1L), frames);
    }

    [Fact]
    public void Next_Evaluation_SortedByLengthAndPaddingRowsZero()
    {
        var rolls = MusicModelTests.RandomRolls(2, 5, 1, 3, 4);
        var source = new MusicBatchSource(rolls, 2, 60, 5, seed: null);
        Assert.Equal(1, source.SkippedSequences);
        Assert.Equal(3, source.SequenceCount);
        var batch = new PianoRollBatch();
        source.StartEpoch(0);
        Assert.True(source.Next(batch));
        Assert.Equal((3, 2), (batch.Steps, batch.Size));
        Assert.Equal([2, 3], batch.LengthSpan.ToArray());
        // Frame 3 of the 3-frame sequence (b = 0) is padding.
        Assert.All(batch.FrameSpan.Slice((3 * 2 + 0) * 5, 5).ToArray(), v => Assert.Equal(0, v));
        for (int t = 0; t < 3; t++)
            for (int k = 0; k < 5; k++)
                Assert.Equal(rolls[2].Contains(t, 60 + k) ? 1 : 0, batch.FrameSpan[(t * 2 + 0) * 5 + k]);
        Assert.True(source.Next(batch));
        Assert.Equal([4], batch.LengthSpan.ToArray());
        Assert.False(source.Next(batch));
    }

    [Fact]
    public void Constructor_PitchOutsideRangeOrNothingToPredict_ThrowsArgument()
    {
        var e = Assert.Throws<ArgumentException>("rolls", () => new MusicBatchSource([new([[60]]), new([[60], [66]])], 2, 60, 5, null));
        Assert.StartsWith("Sequence 1, frame 1: pitch 66 is outside the model's range 60…64.", e.Message);
        Assert.Throws<ArgumentException>("rolls", () => new MusicBatchSource([new([[60]])], 2, 60, 5, null));
        Assert.Throws<ArgumentException>("batchSize", () => new MusicBatchSource([new([[60], [61]])], 0, 60, 5, null));
    }
}
