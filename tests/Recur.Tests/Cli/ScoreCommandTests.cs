using System.Globalization;

namespace Recur.Tests.Cli;

[Collection(TrainedRunCollection.Name)]
public sealed class ScoreCommandTests(TrainedRun run)
{
    [Fact]
    public void Score_TwoTexts_PrintsTwoLinesRankedByLogProbability()
    {
        string[] texts = ["the cat sat on the mat", "mat mat mat mat mat mat mat mat"];
        var result = CliProcess.Run(run.Directory, "score", "--model", run.RunDirectory, "--text", texts[0], "--text", texts[1]);
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.StdoutLines;
        Assert.Equal(2, lines.Length);
        var scored = lines.Select(l => l.Split('\t')).Select(p => (LogP: double.Parse(p[0], CultureInfo.InvariantCulture), Text: p[1])).ToArray();
        Assert.Equal(texts.Order(StringComparer.Ordinal), scored.Select(s => s.Text).Order(StringComparer.Ordinal));
        Assert.True(scored[0].LogP >= scored[1].LogP, result.Stdout);
        Assert.All(scored, s => Assert.True(s.LogP < 0, result.Stdout));
    }

    [Fact]
    public void Score_FileWithStreamModel_EqualsTheTestPerplexityTrainPrinted()
    {
        var result = CliProcess.Run(run.Directory, "score", "--model", run.RunDirectory, "--file", run.Test);
        Assert.True(result.ExitCode == 0, result.ToString());
        string line = Assert.Single(result.StdoutLines);
        Assert.Contains("one stream", line);
        double scored = double.Parse(TrainCommandTests.Between(line, "perplexity ", "\t"), CultureInfo.InvariantCulture);
        string printed = TrainCommandTests.Between(Assert.Single(run.Result.StdoutLines), "test ppl ", " over");
        Assert.Equal(printed, scored.ToString("F2", CultureInfo.InvariantCulture));
        long tokens = long.Parse(TrainCommandTests.Between(line, "one stream of ", " tokens"), CultureInfo.InvariantCulture);
        Assert.Equal(File.ReadAllText(run.Test).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length + 40, tokens);
    }

    [Fact]
    public void Score_FileInLineMode_ScoresEachLineAlone()
    {
        var result = CliProcess.Run(run.Directory, "score", "--model", run.RunDirectory, "--file", run.Test, "--mode", "line");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("40 sentences", Assert.Single(result.StdoutLines));
    }

    [Fact]
    public void Score_ModelIsNotACheckpoint_FailsWithOneLine()
    {
        CliAssert.FailedWithOneLine(CliProcess.Run(run.Directory, "score", "--model", run.Valid, "--text", "the cat"));
    }
}
