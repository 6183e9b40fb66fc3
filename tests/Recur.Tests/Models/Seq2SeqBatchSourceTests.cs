using Recur.Models;
using Recur.Text;

namespace Recur.Tests.Models;

public sealed class Seq2SeqBatchSourceTests
{
    private static (int[], int[])[] Pairs(int count) =>
        Enumerable.Range(0, count).Select(i => (Enumerable.Repeat(2 + i % 5, 1 + i % 7).ToArray(), Enumerable.Repeat(3, i % 4).ToArray())).ToArray();

    [Fact]
    public void Fill_TwoPairs_TimeMajorWithStartAndEndTokens()
    {
        var batch = new Seq2SeqBatch();
        batch.Fill([[5, 6, 7], [8]], [[2], [3, 4]]);
        Assert.Equal((3, 3, 2), (batch.SourceSteps, batch.TargetSteps, batch.Size));
        Assert.Equal([5, 8, 6, Vocabulary.EosId, 7, Vocabulary.EosId], batch.SourceSpan.ToArray());
        Assert.Equal([3, 1], batch.SourceLengthSpan.ToArray());
        Assert.Equal([Vocabulary.EosId, Vocabulary.EosId, 2, 3, Vocabulary.EosId, 4], batch.TargetInputSpan.ToArray());
        Assert.Equal([2, 3, Vocabulary.EosId, 4, TokenBatch.IgnoreTarget, Vocabulary.EosId], batch.TargetSpan.ToArray());
        Assert.Equal([2, 3], batch.TargetLengthSpan.ToArray());
        Assert.Equal(5, batch.TargetCount);
    }

    [Fact]
    public void Epoch_EveryPairOnceAndBucketedBySourceLength()
    {
        var pairs = Pairs(1000);
        var source = new Seq2SeqBatchSource(pairs, 16, seed: 4);
        source.StartEpoch(2);
        var batch = new Seq2SeqBatch();
        int seen = 0, padded = 0, cells = 0;
        while (source.Next(batch))
        {
            seen += batch.Size;
            foreach (int length in batch.SourceLengthSpan) padded += batch.SourceSteps - length;
            cells += batch.SourceSteps * batch.Size;
        }
        Assert.Equal(1000, seen);
        Assert.Equal(63, source.BatchCount);
        // Seven source lengths sorted within chunks of 50 batches: almost no padding.
        Assert.True(padded < 0.05 * cells, $"{padded} of {cells} source cells are padding");
    }

    [Fact]
    public void StartEpoch_OrderDependsOnlyOnSeedAndEpoch()
    {
        var pairs = Pairs(300);
        string Order(Seq2SeqBatchSource s, int epoch)
        {
            s.StartEpoch(epoch);
            var b = new Seq2SeqBatch();
            var text = new System.Text.StringBuilder();
            while (s.Next(b)) text.Append(string.Join(',', b.SourceSpan.ToArray())).Append(';');
            return text.ToString();
        }
        var a = new Seq2SeqBatchSource(pairs, 8, seed: 1);
        var b = new Seq2SeqBatchSource(pairs, 8, seed: 1);
        Order(a, 0);
        Assert.Equal(Order(a, 3), Order(b, 3));
        Assert.NotEqual(Order(a, 3), Order(a, 4));
        var fixedOrder = new Seq2SeqBatchSource(pairs, 8, seed: null);
        Assert.Equal(Order(fixedOrder, 0), Order(fixedOrder, 5));
    }

    [Fact]
    public void Generated_FreshPairsEachEpoch_SameForTheSameEpoch()
    {
        var source = new Seq2SeqGeneratedSource(e => Enumerable.Range(0, 40).Select(i => (new[] { 2 + (i + e) % 9 }, new[] { 3 })).ToArray(), 40, 16, 7);
        Assert.Equal(3, source.BatchCount);
        var batch = new Seq2SeqBatch();
        source.StartEpoch(1);
        Assert.True(source.Next(batch));
        var first = batch.SourceSpan.ToArray();
        source.StartEpoch(1);
        Assert.True(source.Next(batch));
        Assert.Equal(first, batch.SourceSpan.ToArray());
        var wrong = new Seq2SeqGeneratedSource(_ => [([2], [3])], 40, 16, 7);
        Assert.Throws<InvalidOperationException>(() => wrong.StartEpoch(0));
    }

    [Fact]
    public void Constructor_EmptySource_ThrowsArgument()
    {
        Assert.Throws<ArgumentException>(() => new Seq2SeqBatchSource([([], [2])], 4, null));
        Assert.Throws<ArgumentException>(() => new Seq2SeqBatchSource([], 4, null));
    }
}
