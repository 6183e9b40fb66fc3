using Recur.Cells;
using Recur.Diagnostics;
using Recur.Training;

namespace Recur.Tests.Diagnostics;

public sealed class LongRangeTaskTests
{
    [Theory]
    [InlineData(LongRangeTaskKind.Copy, 0)]
    [InlineData(LongRangeTaskKind.Copy, 17)]
    [InlineData(LongRangeTaskKind.Agreement, 9)]
    public void Next_AnyTask_KeyFirstQueryLastLabelFromTheKey(LongRangeTaskKind kind, int gap)
    {
        var task = new LongRangeTask(kind, gap);
        int query = task.Tokens.ToList().IndexOf(LongRangeTask.Query);
        var labels = new HashSet<int>();
        foreach (var example in task.Generate(500, new Rng(2)))
        {
            Assert.Equal(gap + 2, example.Tokens.Length);
            Assert.Equal(query, example.Tokens[^1]);
            Assert.True(task.ClassOf(example.Tokens[0]) >= 0, "the first token is not a key");
            Assert.Equal(task.ClassOf(example.Tokens[0]), example.Label);
            Assert.DoesNotContain(example.Tokens[..^1], t => t == query);
            labels.Add(example.Label);
        }
        Assert.Equal(task.ClassNames.Count, labels.Count);
    }

    [Fact]
    public void Next_Copy_FillersAreNeverKeys()
    {
        // The answer is in the first token and nowhere else.
        var task = new LongRangeTask(LongRangeTaskKind.Copy, 12);
        foreach (var example in task.Generate(300, new Rng(3)))
            Assert.All(example.Tokens[1..^1], t => Assert.Equal(-1, task.ClassOf(t)));
    }

    [Fact]
    public void Next_Agreement_AttractorsCarryNoInformationAboutTheLabel()
    {
        // Attractor nouns in the gap have either number independently of the subject, so the last noun before the
        // query agrees with the label about half the time, and recency alone would score at chance.
        var task = new LongRangeTask(LongRangeTaskKind.Agreement, 20);
        int withAttractor = 0, agreeing = 0, fillers = 0, attractors = 0;
        foreach (var example in task.Generate(2000, new Rng(4)))
        {
            var gapTokens = example.Tokens[1..^1];
            fillers += gapTokens.Length;
            attractors += gapTokens.Count(t => task.ClassOf(t) >= 0);
            int last = Array.FindLastIndex(gapTokens, t => task.ClassOf(t) >= 0);
            if (last < 0) continue;
            withAttractor++;
            if (task.ClassOf(gapTokens[last]) == example.Label) agreeing++;
        }
        double share = (double)agreeing / withAttractor;
        Assert.InRange(share, 0.45, 0.55);
        Assert.InRange((double)attractors / fillers, LongRangeTask.AttractorShare - 0.02, LongRangeTask.AttractorShare + 0.02);
    }

    [Fact]
    public void Generate_SameSeed_SameExamples()
    {
        var task = new LongRangeTask(LongRangeTaskKind.Agreement, 5);
        var a = task.Generate(20, new Rng(9));
        var b = task.Generate(20, new Rng(9));
        Assert.Equal(a.Select(e => task.Describe(e)), b.Select(e => task.Describe(e)));
    }

    [Fact]
    public void Run_TinySweep_OneRowPerCellAndGapAndAFlowPerCell()
    {
        var options = new GapSweepOptions(LongRangeTaskKind.Copy, [3, 1], [CellKind.RnnTanh, CellKind.Lstm])
        {
            TrainSteps = 5, BatchSize = 8, HiddenSize = 4, EmbeddingSize = 3, TestExamples = 16, MemoryBias = 1,
        };
        var rows = new List<GapSweepRow>();

        var result = GapSweep.Run(options, new Collect(rows), TestContext.Current.CancellationToken);

        Assert.Equal([(CellKind.RnnTanh, 1), (CellKind.RnnTanh, 3), (CellKind.Lstm, 1), (CellKind.Lstm, 3)], result.Rows.Select(r => (r.Cell, r.Gap)));
        Assert.Equal(result.Rows, rows);
        Assert.All(result.Rows, r => Assert.InRange(r.Accuracy, 0, 1));
        Assert.Equal(["rnn-tanh", "lstm"], result.Flows.Select(f => f.Model));
        // Flows are measured at the longest gap: sequences of 3 + 2 tokens, so distances 0..4.
        Assert.All(result.Flows, f => Assert.Equal(5, f.Series[0].MeanNorm.Length));
        Assert.Equal(1.0 / 8, result.Chance);
    }

    [Fact]
    public void ParseKind_UnknownName_Throws()
    {
        Assert.Equal(LongRangeTaskKind.Agreement, LongRangeTask.ParseKind("Agreement"));
        Assert.Throws<ArgumentException>(() => LongRangeTask.ParseKind("adding"));
    }

    private sealed class Collect(List<GapSweepRow> rows) : IProgress<GapSweepRow>
    {
        public void Report(GapSweepRow value) => rows.Add(value);
    }
}
