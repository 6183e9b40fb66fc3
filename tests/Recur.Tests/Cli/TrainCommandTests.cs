using System.Globalization;

namespace Recur.Tests.Cli;

[Collection(TrainedRunCollection.Name)]
public sealed class TrainCommandTests(TrainedRun run)
{
    [Fact]
    public void Train_TinyCorpusTwoEpochs_WritesRunFilesAndExitsZero()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        foreach (string name in new[] { "latest.ckpt", "best.ckpt", "metrics.csv", "loss.svg" })
            Assert.True(File.Exists(Path.Combine(run.RunDirectory, name)), $"{name} is missing.\n{run.Result}");
        string[] metrics = File.ReadAllLines(Path.Combine(run.RunDirectory, "metrics.csv"));
        Assert.Equal(3, metrics.Length); // header and one row per epoch
        string svg = File.ReadAllText(Path.Combine(run.RunDirectory, "loss.svg"));
        Assert.Contains("<svg", svg);
        Assert.Contains("</svg>", svg);
        Assert.Contains("whitespace level", run.Result.Stderr);
    }

    [Fact]
    public void Train_End_PrintsOneSummaryLineWithStepsThroughputAndTestPerplexity()
    {
        string summary = Assert.Single(run.Result.StdoutLines);
        Assert.StartsWith("recur: done: ", summary);
        // 300 lines of 3–9 words: about 2,100 tokens in 4 streams of windows of 8, two epochs.
        long steps = long.Parse(Between(summary, "done: ", " steps"), CultureInfo.InvariantCulture);
        Assert.InRange(steps, 2 * 40, 2 * 80);
        Assert.True(double.Parse(Between(summary, "(", " tokens/s"), CultureInfo.InvariantCulture) > 0, summary);
        Assert.Contains("one stream, <eos> counted, state carried", summary);
        double ppl = double.Parse(Between(summary, "test ppl ", " over"), CultureInfo.InvariantCulture);
        Assert.InRange(ppl, 1, 13); // 12 tokens in the vocabulary; training must beat the uniform guess
    }

    [Fact]
    public void Train_InitRange_StoredInTheCheckpointsTrainOptions()
    {
        var checkpoint = Recur.Training.LanguageModelCheckpoint.Load(Path.Combine(run.RunDirectory, "latest.ckpt"));
        Assert.Equal(0.1, checkpoint.TrainOptions!.InitRange);
        Assert.Equal(Recur.Text.TokenLevel.Whitespace, checkpoint.Vocabulary.Level);
        Assert.Equal(12, checkpoint.Vocabulary.Count); // ten words, <unk> and <eos>
    }

    internal static string Between(string text, string before, string after)
    {
        int start = text.IndexOf(before, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{before}' not in: {text}");
        start += before.Length;
        int end = text.IndexOf(after, start, StringComparison.Ordinal);
        Assert.True(end >= 0, $"'{after}' not after '{before}' in: {text}");
        return text[start..end];
    }
}
