namespace Recur.Tests.Cli;

[Collection(TrainedRunCollection.Name)]
public sealed class SampleCommandTests(TrainedRun run)
{
    private static readonly HashSet<string> s_words = ["the", "cat", "dog", "sat", "on", "mat", "a", "big", "red", "ran", "<unk>"];

    [Fact]
    public void Sample_SameSeedTwice_PrintsTheSameLines()
    {
        var first = CliProcess.Run(run.Directory, "sample", "--model", run.RunDirectory, "--seed", "5", "--count", "4", "--max-length", "12");
        var second = CliProcess.Run(run.Directory, "sample", "--model", run.RunDirectory, "--seed", "5", "--count", "4", "--max-length", "12");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(first.Stdout, second.Stdout);
        // One sample per line (an empty sample, <eos> drawn first, is an empty line), of words joined by spaces.
        string[] lines = first.Stdout.Split('\n')[..^1];
        Assert.Equal(4, lines.Length);
        foreach (string line in lines)
            Assert.All(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), w => Assert.Contains(w, s_words));
    }

    [Fact]
    public void Sample_Beam_PrintsWidthLinesWithLogProbabilities()
    {
        var result = CliProcess.Run(run.Directory, "sample", "--model", Path.Combine(run.RunDirectory, "best.ckpt"), "--beam", "3",
            "--max-length", "6", "--prime", "the");
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.StdoutLines;
        Assert.Equal(3, lines.Length);
        double previous = 0;
        foreach (string line in lines)
        {
            string[] parts = line.Split('\t');
            Assert.StartsWith("the", parts[0]);
            double logP = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(logP <= previous + 1e-9, $"not ranked best first: {result.Stdout}");
            previous = logP;
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(5000)]
    public void Sample_TruncatedCheckpoint_FailsWithOneLine(int keep)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(run.RunDirectory, "best.ckpt"));
        Assert.True(bytes.Length > keep);
        string path = Path.Combine(run.Directory, $"truncated-{keep}.ckpt");
        File.WriteAllBytes(path, bytes[..keep]);
        string line = CliAssert.FailedWithOneLine(CliProcess.Run(run.Directory, "sample", "--model", path));
        Assert.Contains(path, line);
    }

    [Fact]
    public void Sample_ModelIsNotACheckpoint_FailsWithOneLine()
    {
        string line = CliAssert.FailedWithOneLine(CliProcess.Run(run.Directory, "sample", "--model", run.Train));
        Assert.Contains("train.txt", line);
    }
}
