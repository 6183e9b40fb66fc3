using System.Globalization;
using Recur.Tests.IO;

namespace Recur.Tests.Cli;

[Collection(ClassifyRunCollection.Name)]
public sealed class ClassifyCommandTests(ClassifyTrainedRun run)
{
    [Fact]
    public void Train_DnaMotif_WritesRunFilesAndASummaryWithValidScores()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        foreach (string name in new[] { "latest.ckpt", "best.ckpt", "metrics.csv", "loss.svg" })
            Assert.True(File.Exists(Path.Combine(run.RunDirectory, name)), $"{name} is missing.\n{run.Result}");
        // The header was detected, and balanced weights are N/(K·N_k): 400/(2·134) and 400/(2·266).
        Assert.Contains("400 texts", run.Result.Stderr);
        Assert.Contains("class weights motif=1.493 none=0.7519", run.Result.Stderr);
        string summary = Assert.Single(run.Result.StdoutLines);
        double accuracy = double.Parse(TrainCommandTests.Between(summary, "valid accuracy ", "%"), CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 90, summary);
    }

    [Fact]
    public void Evaluate_ValidFile_PrintsAccuracyMacroF1AndConfusionMatrix()
    {
        var result = CliProcess.Run(run.Directory, "classify", "evaluate", "--model", run.RunDirectory, "--file", run.Valid);
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.StdoutLines;
        Assert.Contains("100 texts", lines[0]);
        Assert.Matches(@"^accuracy \d+\.\d\d% \(\d+ of 100\), macro-F1 \d+\.\d\d$", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("motif ", StringComparison.Ordinal));
        int matrix = Array.FindIndex(lines, l => l.StartsWith("confusion matrix", StringComparison.Ordinal));
        Assert.True(matrix > 0, result.Stdout);
        // Rows: gold motif (34) and none (66), whatever was predicted.
        long Row(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Sum(long.Parse);
        Assert.Equal(34, Row(lines[matrix + 2]));
        Assert.Equal(66, Row(lines[matrix + 3]));
    }

    [Fact]
    public void Predict_Texts_PrintLabelAndProbabilities()
    {
        var result = CliProcess.Run(run.Directory, "classify", "predict", "--model", run.RunDirectory,
            "--text", "GGCATATAGCCG", "--text", "GGCACCGAGCCGTTGC");
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.StdoutLines;
        Assert.Equal(2, lines.Length);
        foreach (string line in lines)
        {
            string[] fields = line.Split('\t');
            Assert.Equal(3, fields.Length);
            var p = fields.Skip(1).Select(f => f.Split('=')).ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
            Assert.Equal(["motif", "none"], p.Keys);
            Assert.Equal(1, p.Values.Sum(), 3);
            Assert.Equal(p.MaxBy(kv => kv.Value).Key, fields[0]);
        }
        Assert.StartsWith("motif\t", lines[0]);
        Assert.StartsWith("none\t", lines[1]);
    }

    [Fact]
    public void Train_Resume_ContinuesToTheNewEpochCount()
    {
        using var dir = new TempDirectory();
        string train = ClassifyTrainedRun.Write(dir.File("t.tsv"), 60, 5), output = dir.File("run");
        string[] common = ["--level", "char", "--hidden-size", "4", "--embedding-size", "4", "--threads", "1", "--out", output];
        var first = CliProcess.Run(dir.Path, ["classify", "train", "--train", train, "--valid", train, "--epochs", "1", .. common]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = CliProcess.Run(dir.Path, "classify", "train", "--out", output, "--resume", "--epochs", "2");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length);
    }

    [Theory]
    [InlineData("t.tsv:3: expected at least 2 fields separated by tabs, found 1.", "text\tlabel\nACGT\ta\nACGT\n")]
    [InlineData("at least two labels", "ACGT\ta\nCCGT\ta\n")]
    [InlineData("Unknown pooling 'sum'", "ACGT\ta\nCCGT\tb\n", "--pooling", "sum")]
    [InlineData("--class-weights: 'c' is not a label", "ACGT\ta\nCCGT\tb\n", "--class-weights", "c=2")]
    public void Train_BadInput_FailsWithOneLine(string expected, string text, params string[] extra)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.tsv"), text);
        string line = CliAssert.FailedWithOneLine(CliProcess.Run(dir.Path, ["classify", "train", "--train", dir.File("t.tsv"), "--epochs", "1", .. extra]));
        Assert.Contains(expected, line);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "a failed run left a run directory behind");
    }
}
