using System.Globalization;
using System.Text;
using Recur.Tests.IO;

namespace Recur.Tests.Cli;

[Collection(TranslateRunCollection.Name)]
public sealed class TranslateCommandTests(TranslateRun run)
{
    [Fact]
    public void Train_TinyTask_WritesRunFilesSplitsAndSummary()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        foreach (string name in new[] { "latest.ckpt", "best.ckpt", "metrics.csv", "loss.svg", "valid.tsv", "test.tsv" })
            Assert.True(File.Exists(Path.Combine(run.RunDirectory, name)), $"{name} is missing.\n{run.Result}");
        Assert.Equal(13, File.ReadAllLines(Path.Combine(run.RunDirectory, "metrics.csv")).Length);
        // 600 pairs: 60 held out for validation, 60 for test, in the file's column order.
        Assert.Equal(60, File.ReadAllLines(Path.Combine(run.RunDirectory, "test.tsv")).Length);
        string summary = Assert.Single(run.Result.StdoutLines);
        Assert.StartsWith("recur: done: ", summary);
        Assert.Contains("test exact match", summary);
        Assert.Contains("valid exact", run.Result.Stderr);
    }

    [Fact]
    public void Evaluate_HeldOutTest_PrintsBleuAndExactMatchAboveNinetyPercent()
    {
        string test = Path.Combine(run.RunDirectory, "test.tsv");
        var result = CliProcess.Run(run.Directory, "translate", "evaluate", "--model", run.RunDirectory, "--data", test, "--threads", "1");
        Assert.True(result.ExitCode == 0, result.ToString());
        string line = Assert.Single(result.StdoutLines);
        Assert.StartsWith("BLEU = ", line);
        double exact = double.Parse(TrainCommandTests.Between(line, "exact match ", "%"), CultureInfo.InvariantCulture);
        Assert.True(exact >= 90, line);
        double bleu = double.Parse(TrainCommandTests.Between(line, "BLEU = ", " "), CultureInfo.InvariantCulture);
        Assert.InRange(bleu, 80, 100);
        Assert.Contains("60 pairs, greedy", line);

        var beam = CliProcess.Run(run.Directory, "translate", "evaluate", "--model", run.RunDirectory, "--data", test, "--beam", "3", "--threads", "1");
        Assert.True(beam.ExitCode == 0, beam.ToString());
        Assert.Contains("beam 3, length penalty α = 0.6", Assert.Single(beam.StdoutLines));
    }

    [Fact]
    public void Predict_TextAndFile_OneTranslationPerLine()
    {
        var result = CliProcess.Run(run.Directory, "translate", "predict", "--model", run.RunDirectory, "--text", "one two three", "--text", "seven four", "--beam", "4");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["3 2 1", "4 7"], result.StdoutLines);

        string file = Path.Combine(run.Directory, "sources.txt");
        File.WriteAllText(file, "nine eight\n\nfive five six\n", new UTF8Encoding(false));
        var fromFile = CliProcess.Run(run.Directory, "translate", "predict", "--model", Path.Combine(run.RunDirectory, "best.ckpt"), "--file", file);
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.Equal("8 9\n\n6 5 5\n", fromFile.Stdout);

        var nBest = CliProcess.Run(run.Directory, "translate", "predict", "--model", run.RunDirectory, "--text", "one two", "--beam", "3", "--n-best");
        Assert.True(nBest.ExitCode == 0, nBest.ToString());
        Assert.Equal(3, nBest.StdoutLines.Length);
        Assert.StartsWith("2 1\t", nBest.StdoutLines[0]);
    }

    [Fact]
    public void Train_MalformedLine_OneLineErrorNamingFileAndLine()
    {
        using var dir = new TempDirectory();
        string data = dir.File("bad.txt");
        File.WriteAllText(data, "one two\t2 1\nthree four no tab\n");
        var result = CliProcess.Run(dir.Path, "translate", "train", "--data", data, "--out", dir.File("run"));
        string line = CliAssert.FailedWithOneLine(result);
        Assert.StartsWith($"recur: {data}:2: ", line);
    }

    [Fact]
    public void Train_DataAndTask_OneLineError()
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run(dir.Path, "translate", "train", "--data", run.Data, "--task", "dates", "--out", dir.File("run"));
        Assert.Contains("either --data FILE or --task dates", CliAssert.FailedWithOneLine(result));
    }
}
