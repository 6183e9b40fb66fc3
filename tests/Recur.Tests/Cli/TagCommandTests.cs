using System.Globalization;
using Recur.Tests.IO;

namespace Recur.Tests.Cli;

[Collection(TagRunCollection.Name)]
public sealed class TagCommandTests(TagTrainedRun run)
{
    [Fact]
    public void Train_TinyNerFiles_WritesRunFilesAndASummaryWithTestScores()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        foreach (string name in new[] { "latest.ckpt", "best.ckpt", "metrics.csv", "loss.svg" })
            Assert.True(File.Exists(Path.Combine(run.RunDirectory, name)), $"{name} is missing.\n{run.Result}");
        Assert.Equal(5, File.ReadAllLines(Path.Combine(run.RunDirectory, "metrics.csv")).Length);
        Assert.Contains("valid accuracy", run.Result.Stderr);
        string summary = Assert.Single(run.Result.StdoutLines);
        Assert.StartsWith("recur: done: ", summary);
        // Tags follow from the words (and "smith" from the word before it): the test accuracy must be high.
        double accuracy = double.Parse(TrainCommandTests.Between(summary, "test accuracy ", "%"), CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 95, summary);
        Assert.Contains("entity F1", summary);
    }

    [Fact]
    public void Evaluate_TestFile_PrintsAccuracyAndConllevalScoresPerType()
    {
        var result = CliProcess.Run(run.Directory, "tag", "evaluate", "--model", run.RunDirectory, "--file", run.Test);
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.StdoutLines;
        Assert.StartsWith("accuracy ", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("overall: precision", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("LOC: precision", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("PER: precision", StringComparison.Ordinal));
        double f1 = double.Parse(TrainCommandTests.Between(lines.Single(l => l.StartsWith("overall", StringComparison.Ordinal)), "F1 ", "  ("),
            CultureInfo.InvariantCulture);
        Assert.True(f1 >= 90, result.Stdout);
    }

    [Fact]
    public void Predict_RawText_WritesOneTokenAndTagPerLine()
    {
        var result = CliProcess.Run(run.Directory, "tag", "predict", "--model", run.RunDirectory, "--text", "alice smith visited paris.\nbob met carol");
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] sentences = result.Stdout.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, sentences.Length);
        var first = sentences[0].Split('\n').Select(l => l.Split('\t')).ToArray();
        Assert.Equal(["alice", "smith", "visited", "paris", "."], first.Select(f => f[0]));
        Assert.Equal(["B-PER", "I-PER", "O", "B-LOC"], first.Take(4).Select(f => f[1]));
    }

    [Fact]
    public void Predict_ColumnFile_WritesTheSameLinesWithPredictedTags()
    {
        var result = CliProcess.Run(run.Directory, "tag", "predict", "--model", run.RunDirectory, "--file", run.Test);
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] input = File.ReadAllLines(run.Test), output = result.Stdout[..^1].Split('\n');
        Assert.Equal(input.Length, output.Length);
        int same = 0;
        for (int i = 0; i < input.Length; i++)
        {
            Assert.Equal(input[i].Split('\t')[0], output[i].Split('\t')[0]);
            if (input[i] == output[i]) same++;
        }
        Assert.True(same >= 0.95 * input.Length, $"{same} of {input.Length} lines unchanged");
    }

    [Theory]
    [InlineData("train.conll:2: expected a token and a tag, found 1 field.", "alice\tB-PER\nsmith\n")]
    [InlineData("no such file", null)]
    public void Train_BadFile_FailsWithOneLineNamingFileAndLine(string expected, string? text)
    {
        using var dir = new TempDirectory();
        if (text is not null) File.WriteAllText(dir.File("train.conll"), text);
        string line = CliAssert.FailedWithOneLine(CliProcess.Run(dir.Path, "tag", "train", "--train", dir.File("train.conll"), "--epochs", "1"));
        Assert.Contains(expected, line);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "a failed run left a run directory behind");
    }

    [Fact]
    public void Train_PretrainedVectors_ReportsWordsFoundAndTakesTheirDimension()
    {
        using var dir = new TempDirectory();
        string train = TagTrainedRun.Write(dir.File("train.conll"), 20, 7);
        File.WriteAllText(dir.File("vectors.txt"), "alice 0.1 0.2 0.3\nparis 0.4 0.5 0.6\nzzz 1 1 1\nthe 0 0 1\n");
        var result = CliProcess.Run(dir.Path, "tag", "train", "--train", train, "--pretrained", dir.File("vectors.txt"), "--epochs", "1",
            "--hidden-size", "4", "--threads", "1", "--out", dir.File("run"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"found vectors for 3 of the \d+ words", result.Stderr);
        var checkpoint = Recur.Models.TaggerCheckpoint.Load(Path.Combine(dir.File("run"), "latest.ckpt"));
        Assert.Equal(3, checkpoint.Model.Options.WordEmbeddingSize);
    }

    [Fact]
    public void Evaluate_ModelIsNotATagger_FailsWithOneLine()
    {
        string line = CliAssert.FailedWithOneLine(CliProcess.Run(run.Directory, "tag", "evaluate", "--model", run.Valid, "--file", run.Test));
        Assert.Contains(run.Valid, line);
    }
}
