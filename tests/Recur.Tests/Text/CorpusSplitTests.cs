using Recur.Text;
using Recur.Training;

namespace Recur.Tests.Text;

public sealed class CorpusSplitTests
{
    [Fact]
    public void SplitLines_Fraction_HoldsOutCeilingAndKeepsFileOrder()
    {
        int[][] examples = Enumerable.Range(0, 10).Select(i => new[] { i }).ToArray();
        var (train, valid) = CorpusSplit.SplitLines(examples, 0.7, new Rng(1));
        Assert.Equal(7, valid.Length);
        Assert.Equal(3, train.Length);
        var all = train.Concat(valid).Select(e => e[0]).Order();
        Assert.Equal(Enumerable.Range(0, 10), all);
        Assert.Equal(train.Select(e => e[0]).Order(), train.Select(e => e[0]));
        Assert.Equal(valid.Select(e => e[0]).Order(), valid.Select(e => e[0]));

        var again = CorpusSplit.SplitLines(examples, 0.7, new Rng(1));
        Assert.Equal(valid, again.Valid);
        Assert.Single(CorpusSplit.SplitLines(examples, 0.01, new Rng(1)).Valid);
    }

    [Fact]
    public void SplitStream_Fraction_TakesTail()
    {
        int[] tokens = Enumerable.Range(0, 100).ToArray();
        var (train, valid) = CorpusSplit.SplitStream(tokens, 0.1);
        Assert.Equal(Enumerable.Range(0, 90), train.ToArray());
        Assert.Equal(Enumerable.Range(90, 10), valid.ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    [InlineData(0.99)]
    public void Split_BadFraction_Throws(double fraction)
    {
        int[][] examples = Enumerable.Range(0, 10).Select(i => new[] { i }).ToArray();
        Assert.Throws<ArgumentException>(() => CorpusSplit.SplitLines(examples, fraction, new Rng(1)));
        Assert.Throws<ArgumentException>(() => CorpusSplit.SplitStream(new int[10], fraction));
    }
}
