using Recur.Metrics;

namespace Recur.Tests.Metrics;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void Scores_HandComputedThreeClasses_MatchTheDefinitions()
    {
        var m = new ConfusionMatrix(3);
        // gold → predicted: class 0: 3 right, 1 as class 1; class 1: 2 right, 2 as class 2; class 2: 1 right.
        foreach (var (g, p, n) in new[] { (0, 0, 3), (0, 1, 1), (1, 1, 2), (1, 2, 2), (2, 2, 1) })
            for (int i = 0; i < n; i++) m.Add(g, p);
        Assert.Equal(9, m.Total);
        Assert.Equal(6.0 / 9, m.Accuracy, 12);
        Assert.Equal(new PrecisionRecall(3, 3, 4), m.ForClass(0));
        Assert.Equal(new PrecisionRecall(2, 3, 4), m.ForClass(1));
        Assert.Equal(new PrecisionRecall(1, 3, 1), m.ForClass(2));
        // F1: class 0: P 1, R 3/4 → 6/7; class 1: P 2/3, R 1/2 → 4/7; class 2: P 1/3, R 1 → 1/2.
        Assert.Equal((6.0 / 7 + 4.0 / 7 + 0.5) / 3, m.MacroF1, 12);
        Assert.Equal(2, m[1, 2]);
    }

    [Fact]
    public void MacroF1_ClassNeverSeen_IsLeftOutOfTheMean()
    {
        var m = new ConfusionMatrix(3);
        m.Add(0, 0); m.Add(1, 1); m.Add(1, 0);
        // Class 0: P 1/2, R 1 → 2/3; class 1: P 1, R 1/2 → 2/3; class 2 absent from gold and predictions.
        Assert.Equal(2.0 / 3, m.MacroF1, 12);
    }

    [Fact]
    public void Format_RowsAreGoldColumnsPredicted()
    {
        var m = new ConfusionMatrix(2);
        m.Add(0, 1); m.Add(0, 1); m.Add(1, 1);
        string[] lines = m.Format(["neg", "pos"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(["neg", "0", "2"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["pos", "0", "1"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Add_ClassOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfusionMatrix(2).Add(2, 0));
    }
}
