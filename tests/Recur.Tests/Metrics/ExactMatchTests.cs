using Recur.Metrics;

namespace Recur.Tests.Metrics;

public sealed class ExactMatchTests
{
    [Fact]
    public void Compute_CountsWholeStringMatchesIgnoringSurroundingSpace()
    {
        Assert.Equal(0.5, ExactMatch.Compute(["1979-05-03", "2001-01-01 ", "abc", "x"], ["1979-05-03", "2001-01-01", "abd", "X"]));
        Assert.Equal(2, ExactMatch.Count(["a", "b"], [" a", "b"]));
        Assert.Equal(0, ExactMatch.Compute([], []));
    }

    [Fact]
    public void Compute_MismatchedLists_ThrowArgument() =>
        Assert.Throws<ArgumentException>(() => ExactMatch.Compute(["a"], []));
}
