using Recur.Metrics;

namespace Recur.Tests.Metrics;

public sealed class TokenAccuracyTests
{
    [Fact]
    public void Add_Sequences_CountsEveryPosition()
    {
        var a = new TokenAccuracy();
        Assert.True(double.IsNaN(a.Value));
        a.Add<int>([1, 2, 3], [1, 0, 3]);
        a.Add<int>([4], [4]);
        Assert.Equal(3, a.Correct);
        Assert.Equal(4, a.Total);
        Assert.Equal(0.75, a.Value);
        Assert.Throws<ArgumentException>(() => a.Add<int>([1], [1, 2]));
    }
}
