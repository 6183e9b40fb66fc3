using Recur.Models;

namespace Recur.Tests.Models;

public sealed class TaggingBatchSourceTests
{
    private static TaggingExample Example(int length, int id) =>
        new(Enumerable.Repeat(id, length).ToArray(), Enumerable.Range(0, length).Select(i => new int[1 + (i + id) % 3]).ToArray(),
            Enumerable.Repeat(0, length).ToArray());

    [Fact]
    public void Next_Epochs_VisitEveryExampleOnceInAnOrderFixedBySeedAndEpoch()
    {
        var examples = Enumerable.Range(0, 37).Select(i => Example(1 + i % 9, i + 2)).ToArray();
        List<int> Order(int epoch)
        {
            var source = new TaggingBatchSource(examples, 5, seed: 11);
            var batch = new TaggingBatch();
            var seen = new List<int>();
            source.StartEpoch(epoch);
            while (source.Next(batch)) seen.AddRange(batch.Examples.AsSpan(0, batch.Size).ToArray());
            return seen;
        }
        Assert.Equal(Enumerable.Range(0, 37), Order(0).Order());
        Assert.Equal(Order(3), Order(3));
        Assert.NotEqual(Order(0), Order(1));
    }

    [Fact]
    public void Next_Batch_IsTimeMajorWithPaddingAndCharactersPerValidWord()
    {
        TaggingExample[] examples = [new([5, 6, 7], [[1], [2, 3], [4]], [0, 1, 2]), new([8], [[9, 9, 9]], null)];
        var source = new TaggingBatchSource(examples, 2, null, bucketByLength: false);
        var batch = new TaggingBatch();
        source.StartEpoch(0);
        Assert.True(source.Next(batch));
        Assert.Equal((3, 2), (batch.Steps, batch.Size));
        Assert.Equal([5, 8, 6, TaggingBatch.PadId, 7, TaggingBatch.PadId], batch.WordSpan.ToArray());
        Assert.Equal([0, -100, 1, -100, 2, -100], batch.TagSpan.ToArray());
        Assert.Equal(3, batch.TagCount);
        // Words in time-major order: (t0,b0) (t0,b1) (t1,b0) (t2,b0).
        Assert.Equal((3, 4), (batch.CharSteps, batch.WordCount));
        Assert.Equal([0, 1, 2, 4], batch.WordRows.AsSpan(0, 4).ToArray());
        Assert.Equal([1, 3, 2, 1], batch.CharLengths.AsSpan(0, 4).ToArray());
        Assert.Equal([1, 9, 2, 4, TaggingBatch.PadId, 9, 3, TaggingBatch.PadId, TaggingBatch.PadId, 9, TaggingBatch.PadId, TaggingBatch.PadId],
            batch.Chars.AsSpan(0, 12).ToArray());
        Assert.False(source.Next(batch));
    }

    [Fact]
    public void Constructor_EmptySentence_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TaggingBatchSource([new TaggingExample([], null, null)], 1, null));
    }
}
