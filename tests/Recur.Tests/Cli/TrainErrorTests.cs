using Recur.Tests.IO;

namespace Recur.Tests.Cli;

/// <summary>
/// Bad input to <c>recur train</c>: a non-zero exit code and one line on stderr, no stack trace. Arguments may name
/// {corpus} (a small valid corpus), {empty} (an empty file), {missing} (no such file) and {dir} (the scratch directory).
/// </summary>
public sealed class TrainErrorTests
{
    [Theory]
    [InlineData("missing", "--corpus", "{missing}")]
    [InlineData("is a directory", "--corpus", "{dir}")]
    [InlineData("no tokens", "--corpus", "{empty}")]
    [InlineData("--batch-size: batch size must be positive", "--corpus", "{corpus}", "--batch-size", "0")]
    [InlineData("--epochs: epochs must be positive", "--corpus", "{corpus}", "--epochs", "-1")]
    [InlineData("--seq-len 5000", "--corpus", "{corpus}", "--mode", "stream", "--seq-len", "5000", "--batch-size", "1")]
    [InlineData("Unknown cell 'foo'", "--corpus", "{corpus}", "--cell", "foo")]
    [InlineData("Unknown level", "--corpus", "{corpus}", "--level", "sentence")]
    [InlineData("--init-range: initialisation range must be positive", "--corpus", "{corpus}", "--init-range", "0")]
    [InlineData("'abc'", "--corpus", "{corpus}", "--epochs", "abc")]
    [InlineData("--bogus", "--corpus", "{corpus}", "--bogus")]
    [InlineData("nothing to resume", "--out", "{dir}", "--resume")]
    [InlineData("no such file", "--corpus", "{corpus}", "--test", "{missing}")]
    public void Train_BadInput_ExitsNonZeroWithOneLine(string expected, params string[] args)
    {
        using var dir = new TempDirectory();
        string corpus = TinyCorpus.Write(dir.File("corpus.txt"), 50, 4);
        string empty = dir.File("empty.txt");
        File.WriteAllBytes(empty, []);
        string[] resolved = args.Select(a => a
            .Replace("{corpus}", corpus).Replace("{empty}", empty).Replace("{missing}", dir.File("missing.txt")).Replace("{dir}", dir.Path))
            .ToArray();
        string[] command = ["train", .. resolved, "--epochs", "1", "--hidden-size", "8", "--embedding-size", "4", "--threads", "1"];
        // A case that sets --epochs itself comes first on the command line; the repeated option must not hide its error.
        if (args.Contains("--epochs")) command = ["train", .. resolved, "--hidden-size", "8", "--embedding-size", "4", "--threads", "1"];
        string line = CliAssert.FailedWithOneLine(CliProcess.Run(dir.Path, command));
        Assert.Contains(expected, line);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "a failed run left a run directory behind");
    }
}
